/**
 * Sealing a key to a public key: HPKE (RFC 9180) base mode (§5.1.1, mode_base = 0x00) with
 * DHKEM(X25519, HKDF-SHA256) (kem 0x0020), HKDF-SHA256 (kdf 0x0001), ChaCha20Poly1305 (aead 0x0003),
 * single-shot (§6.1), via the @hpke packages. DESIGN.md §4; no hand-rolled ECDH+HKDF.
 *
 * Sealed key format (docs/formats.md "HPKE sealed key"), 80 bytes:
 *   enc (32 bytes, the ephemeral X25519 public key) ‖ ct (32-byte key + 16-byte tag)
 * `info` binds purpose, collection, epoch, recipient identity and key generation, and granter; the
 * caller builds it as canonical CBOR (cbor.ts) and it is never stored in the box.
 *
 * Refuses: keys that are not 32 bytes, an empty `info` (BAD_INPUT); a recipient public key that is not
 * a usable X25519 key, e.g. of small order so the shared secret is zero (BAD_INPUT); on open, a box
 * that is not 80 bytes, a wrong private key, wrong info or aad, or any changed byte (DECRYPT_FAILED).
 *
 * The @hpke API is async (it may use WebCrypto). Private keys are passed as bytes and imported only for
 * the duration of one call; no CryptoKey outlives it.
 */
import { Chacha20Poly1305 } from '@hpke/chacha20poly1305';
import { CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { concatBytes } from '@noble/hashes/utils.js';
import { VaultError } from '../protocol/errors';

export const HPKE_ENC_LENGTH = 32;
export const HPKE_TAG_LENGTH = 16;
export const SEALED_KEY_PLAINTEXT_LENGTH = 32;
export const SEALED_KEY_LENGTH = HPKE_ENC_LENGTH + SEALED_KEY_PLAINTEXT_LENGTH + HPKE_TAG_LENGTH;

/** The one HPKE suite of format v1. Exported for the RFC 9180 vector test. */
export const hpkeSuite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Chacha20Poly1305(),
});

function checkLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new VaultError('BAD_INPUT', `${what} must be ${length} bytes`);
  }
}

function checkInfo(info: Uint8Array): void {
  if (!(info instanceof Uint8Array) || info.length === 0) {
    throw new VaultError('BAD_INPUT', 'HPKE info must be non-empty: it binds what the key is for');
  }
}

/** Base-mode single-shot seal of any plaintext (RFC 9180 §6.1 SealBase). */
export async function hpkeSealBase(
  recipientPublicKey: Uint8Array,
  plaintext: Uint8Array,
  info: Uint8Array,
  aad: Uint8Array = new Uint8Array(0),
): Promise<{ enc: Uint8Array; ct: Uint8Array }> {
  checkLength(recipientPublicKey, HPKE_ENC_LENGTH, 'recipient public key');
  checkInfo(info);
  try {
    const pk = await hpkeSuite.kem.deserializePublicKey(recipientPublicKey);
    const { enc, ct } = await hpkeSuite.seal({ recipientPublicKey: pk, info }, plaintext, aad);
    return { enc: new Uint8Array(enc), ct: new Uint8Array(ct) };
  } catch {
    throw new VaultError('BAD_INPUT', 'HPKE seal failed: recipient public key is not usable');
  }
}

/** Base-mode single-shot open (RFC 9180 §6.1 OpenBase). Any failure is DECRYPT_FAILED. */
export async function hpkeOpenBase(
  recipientPrivateKey: Uint8Array,
  enc: Uint8Array,
  ct: Uint8Array,
  info: Uint8Array,
  aad: Uint8Array = new Uint8Array(0),
): Promise<Uint8Array> {
  checkLength(recipientPrivateKey, 32, 'recipient private key');
  checkInfo(info);
  try {
    const sk = await hpkeSuite.kem.deserializePrivateKey(recipientPrivateKey);
    return new Uint8Array(await hpkeSuite.open({ recipientKey: sk, enc, info }, ct, aad));
  } catch {
    throw new VaultError('DECRYPT_FAILED', 'HPKE open failed');
  }
}

/** Seal a 32-byte key to an X25519 public key. Returns enc ‖ ct, 80 bytes. */
export async function sealKey(
  recipientPublicKey: Uint8Array,
  key: Uint8Array,
  info: Uint8Array,
  aad?: Uint8Array,
): Promise<Uint8Array> {
  checkLength(key, SEALED_KEY_PLAINTEXT_LENGTH, 'sealed key');
  const { enc, ct } = await hpkeSealBase(recipientPublicKey, key, info, aad);
  return concatBytes(enc, ct);
}

/** Open a sealed key with the recipient's 32-byte X25519 private key. */
export async function openKey(
  recipientPrivateKey: Uint8Array,
  sealed: Uint8Array,
  info: Uint8Array,
  aad?: Uint8Array,
): Promise<Uint8Array> {
  if (!(sealed instanceof Uint8Array) || sealed.length !== SEALED_KEY_LENGTH) {
    throw new VaultError('DECRYPT_FAILED', `sealed key must be ${SEALED_KEY_LENGTH} bytes`);
  }
  const enc = sealed.subarray(0, HPKE_ENC_LENGTH);
  const ct = sealed.subarray(HPKE_ENC_LENGTH);
  return hpkeOpenBase(recipientPrivateKey, enc, ct, info, aad);
}
