/**
 * Argon2id (RFC 9106) password hashing, run in WebAssembly through hash-wasm.
 *
 * `deriveKek` turns a master password into a 32-byte key-encryption key. Its parameters come from
 * stored data that the server may have touched, so they are checked against the client minimum
 * *before* deriving: memory ≥ 19 MiB (19,456 KiB) and t ≥ 2, else `KDF_TOO_WEAK`; absurd values are
 * `BAD_INPUT`. Default: 64 MiB, t = 3, p = 4. Version 0x13 only. The password is NFC-normalised and
 * UTF-8 encoded, so the same password typed on any platform derives the same key.
 */
import { argon2id } from 'hash-wasm';
import { VaultError } from '../protocol/errors';

export interface KdfParams {
  /** Memory in KiB. */
  m: number;
  /** Passes. */
  t: number;
  /** Lanes. */
  p: number;
}

export const DEFAULT_KDF: KdfParams = { m: 65536, t: 3, p: 4 };
export const KDF_MINIMUM = { m: 19456, t: 2 } as const;
const KDF_MAXIMUM = { m: 4 * 1024 * 1024, t: 64, p: 16 } as const;
export const SALT_LENGTH = 16;
export const KEK_LENGTH = 32;

/** Refuses parameters below the client minimum (KDF_TOO_WEAK) or beyond sane bounds (BAD_INPUT). */
export function checkKdfParams(params: KdfParams): void {
  const { m, t, p } = params;
  if (![m, t, p].every(Number.isSafeInteger)) throw new VaultError('BAD_INPUT', 'Argon2id parameters must be integers');
  if (m < KDF_MINIMUM.m) throw new VaultError('KDF_TOO_WEAK', `Argon2id memory ${m} KiB is below 19 MiB`);
  if (t < KDF_MINIMUM.t) throw new VaultError('KDF_TOO_WEAK', `Argon2id passes ${t} are below 2`);
  if (p < 1 || p > KDF_MAXIMUM.p) throw new VaultError('BAD_INPUT', 'Argon2id lanes must be 1 to 16');
  if (m > KDF_MAXIMUM.m || t > KDF_MAXIMUM.t) throw new VaultError('BAD_INPUT', 'Argon2id parameters are beyond 4 GiB or 64 passes');
  if (m < 8 * p) throw new VaultError('BAD_INPUT', 'Argon2id memory must be at least 8 KiB per lane');
}

/** Master password → key-encryption key, after the parameter check. */
export async function deriveKek(password: string, salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
  checkKdfParams(params);
  if (salt.length !== SALT_LENGTH) throw new VaultError('BAD_INPUT', 'Argon2id salt must be 16 bytes');
  if (password.length === 0) throw new VaultError('BAD_INPUT', 'empty password');
  const encoded = new TextEncoder().encode(password.normalize('NFC'));
  return argon2idUnchecked({ password: encoded, salt, ...params, length: KEK_LENGTH });
}

export interface Argon2Input extends KdfParams {
  password: Uint8Array;
  salt: Uint8Array;
  length: number;
  secret?: Uint8Array;
}

/**
 * Raw Argon2id without the client minimum. Only test vectors, benchmarks and warm-up call this;
 * product code derives through `deriveKek`.
 */
export async function argon2idUnchecked(input: Argon2Input): Promise<Uint8Array> {
  return argon2id({
    password: input.password,
    salt: input.salt,
    iterations: input.t,
    memorySize: input.m,
    parallelism: input.p,
    hashLength: input.length,
    outputType: 'binary',
    ...(input.secret ? { secret: input.secret } : {}),
  });
}

/** The first call pays WebAssembly start-up; call this early (worker start) to keep unlock fast. */
export async function warmArgon2(): Promise<void> {
  await argon2idUnchecked({ password: new Uint8Array(1), salt: new Uint8Array(8), m: 64, t: 1, p: 1, length: 16 });
}
