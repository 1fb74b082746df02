/**
 * A passkey as a second factor (issue 12): proof that the authenticator of one of this vault's
 * passkeys is present, checked cryptographically in the worker rather than trusted from the page.
 *
 * The page performs a WebAuthn assertion with the PRF extension (W3C WebAuthn Level 3 §10.1.4)
 * over the stored credentials and sends the credential id and the 32-byte PRF output. The proof
 * holds when that output unwraps the credential's stored wrap of the bundle key
 * (passkey-wrap.ts: HKDF-SHA-256 then XChaCha20-Poly1305, bound to the credential and the vault)
 * and the unwrapped key equals the open vault's bundle key (constant-time comparison). Only the
 * authenticator holding that credential's secret can compute the output.
 *
 * Not a freshness proof: the PRF output for a stored salt is the same every time, so whoever once
 * observed it (a compromised browser) could replay it; such an attacker can already unlock the vault
 * with it. Refuses: no passkeys in the vault (NOT_FOUND); an unknown credential, another
 * authenticator's output or a wrap of another bundle key (WRONG_PASSKEY, no detail on which).
 */
import { equalBytes } from '../crypto/constant-time';
import { wipe } from '../crypto/wipe';
import { VaultError } from '../protocol/errors';
import { unwrapWithPasskey, type PasskeyRecord } from './passkey-wrap';

export interface PasskeyProof {
  /** base64url, as `PublicKeyCredential.id` gives it. */
  credentialId: string;
  prfOutput: Uint8Array;
}

/** Throws unless `proof` unwraps one of `records` to exactly `bundleKey`; the unwrapped copy is wiped. */
export function checkPasskeyProof(records: readonly PasskeyRecord[], proof: PasskeyProof, vault: { bundleKey: Uint8Array; personalCollection: string }): void {
  if (records.length === 0) throw new VaultError('NOT_FOUND', 'no passkey is added to this vault');
  const record = records.find((r) => r.credentialId === proof.credentialId);
  if (record === undefined) throw new VaultError('WRONG_PASSKEY', 'this passkey is not added to the vault');
  const unwrapped = unwrapWithPasskey(record.wrapped, proof.prfOutput, {
    credentialId: record.credentialId,
    personalCollection: vault.personalCollection,
    prfSalt: record.prfSalt,
  });
  try {
    if (!equalBytes(unwrapped, vault.bundleKey)) throw new VaultError('WRONG_PASSKEY', 'this passkey wraps another key');
  } finally {
    wipe(unwrapped);
  }
}
