/**
 * Argon2id (RFC 9106, version 0x13) in WebAssembly via hash-wasm: master password → 32-byte key
 * encryption key (KEK). DESIGN.md §4.
 *
 * Parameters are checked *before* any work is done. Refuses:
 * - KDF_TOO_WEAK: memory m < 19456 KiB (19 MiB) or passes t < 2 (the OWASP Argon2id floor);
 * - BAD_INPUT: non-integer parameters, p < 1, p > 16, m > 4 GiB, t > 64, a salt shorter than 16 or
 *   longer than 64 bytes, an empty password.
 *
 * The password is hashed as the UTF-8 bytes of its Unicode NFC normalization, so the same password
 * typed on two systems that compose characters differently derives the same key.
 *
 * The first derivation pays for compiling the WebAssembly module; call `warmArgon2()` early (e.g.
 * while the unlock screen renders). In an extension page this needs `'wasm-unsafe-eval'` in the CSP.
 */
import { argon2id } from 'hash-wasm';
import { VaultError } from '../protocol/errors';
import { randomBytes } from './random';

/** Argon2id cost parameters plus salt. m is in KiB (RFC 9106 §3.1), t is passes, p is lanes. */
export interface KdfParams {
  readonly m: number;
  readonly t: number;
  readonly p: number;
  readonly salt: Uint8Array;
}

/** The values stored beside a wrapped key and bound into its associated data (DESIGN.md §4). */
export interface KdfDescriptor extends KdfParams {
  readonly alg: typeof KDF_ALG;
  readonly version: typeof ARGON2_VERSION;
}

export const KDF_ALG = 'argon2id';
/** Argon2 version 1.3 (RFC 9106 §3.1, v = 0x13). */
export const ARGON2_VERSION = 0x13;
/** Suite v1 default: 64 MiB, 3 passes, 4 lanes (RFC 9106 §4 second recommended option, t raised). */
export const DEFAULT_KDF = { m: 65536, t: 3, p: 4 } as const;
/** Client floor (DESIGN.md §4): m ≥ 19 MiB and t ≥ 2. */
export const MIN_KDF = { m: 19456, t: 2 } as const;
/** Sanity caps: a larger value is a corrupt or hostile record, not a stronger setting. */
export const MAX_KDF = { m: 4 * 1024 * 1024, t: 64, p: 16 } as const;
export const SALT_MIN_LENGTH = 16;
export const SALT_MAX_LENGTH = 64;
export const KEK_LENGTH = 32;

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Refuse weak or absurd parameters. Throws KDF_TOO_WEAK or BAD_INPUT; returns nothing. */
export function checkKdfParams(params: KdfParams): void {
  const { m, t, p, salt } = params;
  if (!isCount(m) || !isCount(t) || !isCount(p)) {
    throw new VaultError('BAD_INPUT', 'Argon2id m, t and p must be non-negative integers');
  }
  if (m < MIN_KDF.m) throw new VaultError('KDF_TOO_WEAK', `Argon2id memory below 19 MiB (m=${m} KiB)`);
  if (t < MIN_KDF.t) throw new VaultError('KDF_TOO_WEAK', `Argon2id passes below ${MIN_KDF.t} (t=${t})`);
  if (p < 1 || p > MAX_KDF.p) throw new VaultError('BAD_INPUT', `Argon2id lanes must be 1..${MAX_KDF.p}`);
  if (m > MAX_KDF.m) throw new VaultError('BAD_INPUT', 'Argon2id memory above 4 GiB');
  if (t > MAX_KDF.t) throw new VaultError('BAD_INPUT', `Argon2id passes above ${MAX_KDF.t}`);
  if (!(salt instanceof Uint8Array) || salt.length < SALT_MIN_LENGTH || salt.length > SALT_MAX_LENGTH) {
    throw new VaultError('BAD_INPUT', `Argon2id salt must be ${SALT_MIN_LENGTH}..${SALT_MAX_LENGTH} bytes`);
  }
}

/** The bytes Argon2id hashes for a password: UTF-8 of its NFC form. */
export function passwordBytes(password: string): Uint8Array {
  if (password.length === 0) throw new VaultError('BAD_INPUT', 'empty password');
  return new TextEncoder().encode(password.normalize('NFC'));
}

/** Derive the 32-byte KEK from the master password. Checks the parameters first. */
export async function deriveKek(password: string, params: KdfParams): Promise<Uint8Array> {
  checkKdfParams(params);
  const bytes = passwordBytes(password);
  try {
    return await argon2idUnchecked(bytes, params.salt, { m: params.m, t: params.t, p: params.p, length: KEK_LENGTH });
  } finally {
    bytes.fill(0);
  }
}

/** Options for the unchecked primitive. */
export interface Argon2idRawOptions {
  readonly m: number;
  readonly t: number;
  readonly p: number;
  readonly length: number;
  readonly secret?: Uint8Array;
}

/**
 * Raw Argon2id with NO parameter floor. Only tests (RFC vectors, cross-checks with small m) and the
 * benchmark call this; application code calls `deriveKek`. hash-wasm has no associated-data input.
 */
export async function argon2idUnchecked(
  password: Uint8Array,
  salt: Uint8Array,
  options: Argon2idRawOptions,
): Promise<Uint8Array> {
  return argon2id({
    password,
    salt,
    iterations: options.t,
    parallelism: options.p,
    memorySize: options.m,
    hashLength: options.length,
    outputType: 'binary',
    ...(options.secret === undefined ? {} : { secret: options.secret }),
  });
}

/** Compile and run the WebAssembly module once with tiny parameters, so the first unlock is not slower. */
export async function warmArgon2(): Promise<void> {
  await argon2idUnchecked(new Uint8Array(8), new Uint8Array(16), { m: 8, t: 1, p: 1, length: 32 });
}

/** Fresh parameters for a new vault or a password change: the defaults and a new 16-byte random salt. */
export function newKdfParams(): KdfParams {
  return { ...DEFAULT_KDF, salt: randomBytes(SALT_MIN_LENGTH) };
}

/** The descriptor to store beside a wrapped key (and to bind into its associated data). */
export function kdfDescriptor(params: KdfParams): KdfDescriptor {
  checkKdfParams(params);
  return { alg: KDF_ALG, version: ARGON2_VERSION, m: params.m, t: params.t, p: params.p, salt: params.salt };
}
