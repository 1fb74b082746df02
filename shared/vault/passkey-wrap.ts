/**
 * Passkey unlock (DESIGN.md §4): a WebAuthn PRF output (W3C WebAuthn Level 3 §10.1.4, the "prf"
 * extension over CTAP2 hmac-secret) wraps the same 32-byte bundle key the master password wraps.
 *
 *   wrapping key = HKDF-SHA-256(ikm = PRF output, salt = prfSalt, info = "passkey-unlock/v1", L = 32)
 *   wrapped      = XChaCha20-Poly1305 seal(wrapping key, bundle key,
 *                    AD = canonical CBOR {kind: "passkey-wrap", v: 1, credentialId, personalCollection})
 *
 * `prfSalt` is 32 random bytes per passkey and is also the PRF evaluation input (`eval.first`), so
 * the authenticator's secret for that credential is needed to recompute the output. The associated
 * data binds the wrapped key to its credential and to this vault.
 * Refuses: a PRF output, salt or bundle key that is not 32 bytes (BAD_INPUT); on unwrap, any other
 * PRF output, credential, vault or changed byte (WRONG_PASSKEY, no detail on which).
 */
import { open, seal } from '../crypto/aead';
import { encodeVersioned } from '../crypto/cbor-versioned';
import { hkdfSha256 } from '../crypto/hkdf';
import { randomBytes } from '../crypto/random';
import { wipe } from '../crypto/wipe';
import { VaultError } from '../protocol/errors';

export const PASSKEY_WRAP_INFO = 'passkey-unlock/v1';
export const PRF_SALT_LENGTH = 32;
export const PRF_OUTPUT_LENGTH = 32;
const BUNDLE_KEY_LENGTH = 32;

const AD_SCHEMA = {
  kind: 'passkey-wrap',
  version: 1,
  fields: { credentialId: 'text', personalCollection: 'text' },
} as const;

/** A stored passkey (vault store meta "passkeys"); nothing in it opens the vault without the authenticator. */
export interface PasskeyRecord {
  /** The WebAuthn credential id, base64url as `PublicKeyCredential.id` gives it. */
  credentialId: string;
  prfSalt: Uint8Array;
  wrapped: Uint8Array;
  label: string;
  createdAt: number;
}

/** What a wrapped key is bound to. */
export interface PasskeyBinding {
  credentialId: string;
  personalCollection: string;
  prfSalt: Uint8Array;
}

export function newPrfSalt(): Uint8Array {
  return randomBytes(PRF_SALT_LENGTH);
}

function checkLength(name: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new VaultError('BAD_INPUT', `${name} must be ${length} bytes`);
}

function wrappingKey(prfOutput: Uint8Array, binding: PasskeyBinding): Uint8Array {
  checkLength('PRF output', prfOutput, PRF_OUTPUT_LENGTH);
  checkLength('PRF salt', binding.prfSalt, PRF_SALT_LENGTH);
  return hkdfSha256(prfOutput, binding.prfSalt, new TextEncoder().encode(PASSKEY_WRAP_INFO), 32);
}

function associatedData(binding: PasskeyBinding): Uint8Array {
  return encodeVersioned(AD_SCHEMA, { credentialId: binding.credentialId, personalCollection: binding.personalCollection });
}

/** Seal the bundle key under a key derived from the passkey's PRF output. */
export function wrapWithPasskey(bundleKey: Uint8Array, prfOutput: Uint8Array, binding: PasskeyBinding): Uint8Array {
  checkLength('bundle key', bundleKey, BUNDLE_KEY_LENGTH);
  const key = wrappingKey(prfOutput, binding);
  try {
    return seal(key, bundleKey, associatedData(binding));
  } finally {
    wipe(key);
  }
}

/** The bundle key, or WRONG_PASSKEY when this PRF output (or binding) did not wrap it. */
export function unwrapWithPasskey(wrapped: Uint8Array, prfOutput: Uint8Array, binding: PasskeyBinding): Uint8Array {
  const key = wrappingKey(prfOutput, binding);
  try {
    const bundleKey = open(key, wrapped, associatedData(binding));
    if (bundleKey.length !== BUNDLE_KEY_LENGTH) throw new VaultError('DECRYPT_FAILED', 'wrapped value is not a bundle key');
    return bundleKey;
  } catch (error) {
    if (error instanceof VaultError && error.code === 'DECRYPT_FAILED') {
      throw new VaultError('WRONG_PASSKEY', 'this passkey does not open this vault');
    }
    throw error;
  } finally {
    wipe(key);
  }
}
