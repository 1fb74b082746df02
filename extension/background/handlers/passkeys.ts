/**
 * Handlers for passkey unlock (issue 12): list, add (begin with the master password, finish with the
 * PRF output), remove, and unlock (begin with the credential ids and salts, then the PRF output).
 * Extension pages only; PRF outputs arrive as base64url and never leave the worker.
 */
import { fromBase64url } from '../../../shared/crypto/base64url';
import { wipe } from '../../../shared/crypto/wipe';
import type { Handlers } from '../router';
import { withProof } from './pairing-passkey';
import type { PasskeyService } from '../vault/passkey-service';

type PasskeyHandlers = Pick<
  Handlers,
  'passkey/list' | 'passkey/add-begin' | 'passkey/add-finish' | 'passkey/remove' | 'passkey/unlock-begin' | 'passkey/unlock'
>;

export function passkeyHandlers(passkeys: PasskeyService): PasskeyHandlers {
  return {
    'passkey/list': async () => ({ passkeys: await passkeys.list() }),
    'passkey/add-begin': async ({ password, proof }) =>
      proof === undefined ? passkeys.beginAdd(password) : withProof(proof, (p) => passkeys.beginAdd(password, p)),
    'passkey/add-finish': async ({ credentialId, prfOutput, label }) => {
      const output = fromBase64url(prfOutput);
      try {
        await passkeys.finishAdd(credentialId, output, label);
      } finally {
        wipe(output);
      }
      return {};
    },
    'passkey/remove': async ({ credentialId }) => {
      await passkeys.remove(credentialId);
      return {};
    },
    'passkey/unlock-begin': async () => passkeys.beginUnlock(),
    'passkey/unlock': async ({ credentialId, prfOutput }) => {
      const output = fromBase64url(prfOutput);
      try {
        await passkeys.unlock(credentialId, output);
      } finally {
        wipe(output);
      }
      return {};
    },
  };
}
