/**
 * kdbxweb (github.com/keeweb/kdbxweb), the KeePass KDBX 3.1/4.0/4.1 and KeePass 2 XML reader, set up
 * once: its module object whichever way the bundler or Node loads the CommonJS build, and an
 * Argon2 implementation (kdbxweb ships none) from hash-wasm's argon2d/argon2id, which KDBX 4 uses
 * as its KDF (KeePass "KDBX 4" file format, keepass.info/help/kb/kdbx_4.html).
 *
 * kdbxweb does its other crypto (SHA-256/512, HMAC, AES-CBC) through WebCrypto, present in
 * extension pages, service workers and Node 20+.
 *
 * Refuses Argon2 version 1.0 (0x10; hash-wasm computes only 1.3, which every KeePass writes), and,
 * before any work, Argon2 parameters no real database uses (a file must not make the
 * worker allocate gigabytes): memory above 1 GiB, more than 100 passes, more than 64 lanes
 * (IMPORT_FORMAT). Parameters below our own floor are the file's owner's choice and are accepted.
 */
import { argon2d, argon2id } from 'hash-wasm';
import * as kdbxNamespace from 'kdbxweb';
import { importError } from './types';

type KdbxWeb = typeof kdbxNamespace;

/** The module's exports: Node's ESM loader puts a CommonJS module's exports under `default`. */
export const kdbxweb: KdbxWeb = (kdbxNamespace as unknown as { default?: KdbxWeb }).default ?? kdbxNamespace;

export const KDBX_ARGON2_LIMITS = { maxMemoryKiB: 1024 * 1024, maxPasses: 100, maxLanes: 64 } as const;

let installed = false;

async function argon2(
  password: ArrayBuffer,
  salt: ArrayBuffer,
  memoryKiB: number,
  iterations: number,
  length: number,
  parallelism: number,
  type: number,
  version: number,
): Promise<ArrayBuffer> {
  const limits = KDBX_ARGON2_LIMITS;
  if (version !== 0x13) importError(`KeePass KDBX: Argon2 version 0x${version.toString(16)} is not supported (only 1.3)`);
  if (memoryKiB > limits.maxMemoryKiB || iterations > limits.maxPasses || parallelism > limits.maxLanes) {
    importError(`KeePass KDBX: Argon2 parameters beyond any real database (m=${memoryKiB} KiB, t=${iterations}, p=${parallelism})`);
  }
  const hash = type === kdbxweb.CryptoEngine.Argon2TypeArgon2id ? argon2id : argon2d;
  const out = await hash({
    password: new Uint8Array(password),
    salt: new Uint8Array(salt),
    memorySize: memoryKiB,
    iterations,
    parallelism,
    hashLength: length,
    outputType: 'binary',
  });
  return out.slice().buffer;
}

/** kdbxweb with Argon2 installed. */
export function kdbx(): KdbxWeb {
  if (!installed) {
    kdbxweb.CryptoEngine.setArgon2Impl(argon2);
    installed = true;
  }
  return kdbxweb;
}
