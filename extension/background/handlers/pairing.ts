/**
 * Pairing messages of the trusted device (extension pages only): make an invite after the master
 * password is re-entered, its status (invite text, expiry, the three candidates), the person's pick,
 * and cancel ("None of these"). docs/sync-extension.md "Pairing".
 */
import type { Handlers } from '../router';
import type { PairingService } from '../pairing/pairing-service';

type PairingHandlers = Pick<Handlers, 'pairing/invite-begin' | 'pairing/status' | 'pairing/choose' | 'pairing/cancel'>;

export function pairingHandlers(pairing: PairingService): PairingHandlers {
  return {
    'pairing/invite-begin': ({ masterPassword }) => pairing.begin(masterPassword),
    'pairing/status': () => pairing.status(),
    'pairing/choose': ({ code }) => pairing.choose(code),
    'pairing/cancel': () => pairing.cancel(),
  };
}
