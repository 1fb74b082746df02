/**
 * A passkey proof from an extension tab (issue 12): one WebAuthn assertion with PRF over this
 * vault's passkeys (webauthn-prf.ts), whose credential id and PRF output the worker then checks
 * (shared/vault/passkey-proof.ts). Used to approve a new device, to change "Require a passkey to
 * approve new devices", and to add a passkey while that is on. Never from the popup: the WebAuthn
 * prompt takes focus and closes it.
 */
import { send } from './messaging';
import { getPrfAssertion, NO_PRF_MESSAGE, type PrfResult } from './webauthn-prf';

export const NO_PASSKEYS_MESSAGE = 'No passkeys are added to this vault. Add one on the Passkeys page first.';

export class PasskeyProofProblem extends Error {}

/** The assertion's PRF output for the worker; throws PasskeyProofProblem with wording, or the WebAuthn DOMException. */
export async function passkeyProof(): Promise<PrfResult> {
  const begun = await send('passkey/unlock-begin', {});
  if (begun.credentials.length === 0) throw new PasskeyProofProblem(NO_PASSKEYS_MESSAGE);
  const result = await getPrfAssertion(begun.challenge, begun.credentials);
  if (result === 'no-prf') throw new PasskeyProofProblem(NO_PRF_MESSAGE);
  return result;
}
