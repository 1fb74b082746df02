/**
 * The policy "Require a passkey to approve new devices" (issue 12, docs/passkeys.md "Second factor
 * for new devices"): a local setting in the vault store's meta (`pairing-policy`). While it is on,
 * approving a device (pairing-service.ts), turning the policy off, adding a passkey and removing the
 * last passkey each need a passkey proof (shared/vault/passkey-proof.ts) checked here, in the
 * worker. Turning it on needs a proof too, so nobody locks themselves out with a passkey that does
 * not work. Offered only while at least one passkey (always a PRF passkey) is added.
 *
 * Local only: the server and the other devices neither see nor enforce it (docs/passkeys.md).
 * Refuses: NOT_FOUND (no passkey added), WRONG_PASSKEY, LOCKED.
 */
import { checkPasskeyProof, type PasskeyProof } from '../../../shared/vault/passkey-proof';
import type { PasskeyRecord } from '../../../shared/vault/passkey-wrap';
import { PASSKEYS_META_KEY } from './passkey-service';
import type { Clock, VaultStore } from './ports';
import type { VaultSession } from './vault-session';

const KEY = 'pairing-policy';

interface StoredPolicy {
  requirePasskey: boolean;
  changedAt: number;
}

export interface PairingPolicyView {
  requirePasskey: boolean;
  /** Passkeys added to this vault; the policy is offered only when there is at least one. */
  passkeys: number;
}

export function pairingPolicy(deps: { store: VaultStore; vault: VaultSession; now: Clock }) {
  const records = async (): Promise<PasskeyRecord[]> => (await deps.store.getMeta<PasskeyRecord[]>(PASSKEYS_META_KEY)) ?? [];
  const required = async (): Promise<boolean> => (await deps.store.getMeta<StoredPolicy>(KEY))?.requirePasskey === true;

  async function verify(proof: PasskeyProof): Promise<void> {
    const vault = await deps.vault.require();
    checkPasskeyProof(await records(), proof, { bundleKey: vault.bundleKey, personalCollection: vault.header.personalCollection });
  }

  return {
    required,
    verify,
    async get(): Promise<PairingPolicyView> {
      await deps.vault.require();
      return { requirePasskey: await required(), passkeys: (await records()).length };
    },
    /** On or off, each after a passkey proof. */
    async set(requirePasskey: boolean, proof: PasskeyProof): Promise<PairingPolicyView> {
      await verify(proof);
      await deps.store.putMeta(KEY, { requirePasskey, changedAt: deps.now() } satisfies StoredPolicy);
      return { requirePasskey, passkeys: (await records()).length };
    },
  };
}

export type PairingPolicy = ReturnType<typeof pairingPolicy>;
