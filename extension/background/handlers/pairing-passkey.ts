/**
 * Pairing's second factor (issue 12, extension pages only): approve the device waiting in phase
 * "passkey" with a passkey proof, and read or change "Require a passkey to approve new devices"
 * (each change after a proof). PRF outputs arrive as base64url, are checked in the worker
 * (shared/vault/passkey-proof.ts) and wiped; they are never stored.
 */
import { fromBase64url } from '../../../shared/crypto/base64url';
import { wipe } from '../../../shared/crypto/wipe';
import type { PasskeyProof } from '../../../shared/vault/passkey-proof';
import type { PairingService } from '../pairing/pairing-service';
import type { Handlers } from '../router';
import type { PairingPolicy } from '../vault/pairing-policy';

type PairingPasskeyHandlers = Pick<Handlers, 'pairing/approve-passkey' | 'pairing/policy-get' | 'pairing/policy-set'>;

/** Runs `use` with the decoded proof and wipes its PRF output afterwards. */
export async function withProof<T>(proof: { credentialId: string; prfOutput: string }, use: (proof: PasskeyProof) => Promise<T>): Promise<T> {
  const prfOutput = fromBase64url(proof.prfOutput);
  try {
    return await use({ credentialId: proof.credentialId, prfOutput });
  } finally {
    wipe(prfOutput);
  }
}

export function pairingPasskeyHandlers(pairing: PairingService, policy: PairingPolicy): PairingPasskeyHandlers {
  return {
    'pairing/approve-passkey': (req) => withProof(req, (proof) => pairing.approveWithPasskey(proof)),
    'pairing/policy-get': () => policy.get(),
    'pairing/policy-set': ({ requirePasskey, proof }) => withProof(proof, (p) => policy.set(requirePasskey, p)),
  };
}
