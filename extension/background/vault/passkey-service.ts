/**
 * The vault's passkeys (issue 12, DESIGN.md §4): each one is a record in the vault store's meta
 * ("passkeys") holding its credential id, its PRF salt and the bundle key wrapped under its PRF
 * output (shared/vault/passkey-wrap.ts). Adding one needs the vault unlocked and the master password
 * re-entered (`beginAdd`), then the PRF output the page got from `navigator.credentials.create`
 * (`finishAdd`, within five minutes, for the salt `beginAdd` chose). Removing one deletes its record
 * and with it the only copy of that wrapped key. Unlock goes through the vault session, so wrong
 * passkeys count toward the same throttle as wrong passwords.
 * While "Require a passkey to approve new devices" is on (pairing-policy.ts), adding a passkey also
 * needs a proof from an existing one (else the master password alone would enroll the thief's own
 * authenticator) and the last passkey cannot be removed (turn the policy off first).
 *
 * The WebAuthn challenge is random but the worker does not verify attestations or assertion
 * signatures: what protects the vault is the PRF output, which only the authenticator can compute.
 */
import { toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { wipe } from '../../../shared/crypto/wipe';
import { VaultError } from '../../../shared/protocol/errors';
import type { PasskeySummary } from '../../../shared/protocol/messages';
import type { PasskeyProof } from '../../../shared/vault/passkey-proof';
import { newPrfSalt, unwrapWithPasskey, wrapWithPasskey, type PasskeyRecord } from '../../../shared/vault/passkey-wrap';
import type { Clock, VaultStore } from './ports';
import type { VaultSession } from './vault-session';

export const PASSKEYS_META_KEY = 'passkeys';
const KEY = PASSKEYS_META_KEY;
const ADD_WINDOW_MS = 5 * 60_000;
export const MAX_PASSKEYS = 10;


interface PendingAdd {
  prfSalt: Uint8Array;
  expiresAt: number;
}

/** The second-factor policy as this service sees it (pairing-policy.ts). */
export interface PasskeyPolicyGate {
  required(): Promise<boolean>;
  verify(proof: PasskeyProof): Promise<void>;
}

export function passkeyService(deps: { store: VaultStore; vault: VaultSession; now: Clock; policy?: PasskeyPolicyGate }) {
  let pending: PendingAdd | null = null;
  const read = async (): Promise<PasskeyRecord[]> => (await deps.store.getMeta<PasskeyRecord[]>(KEY)) ?? [];

  return {
    async list(): Promise<PasskeySummary[]> {
      await deps.vault.require();
      return (await read()).map(({ credentialId, label, createdAt }) => ({ credentialId, label, createdAt }));
    },

    /** After the master password: the salt and user handle for `navigator.credentials.create`. */
    async beginAdd(password: string, proof?: PasskeyProof): Promise<{ challenge: string; prfSalt: string; userId: string }> {
      const vault = await deps.vault.require();
      await deps.vault.confirmPassword(password);
      if (deps.policy !== undefined && (await deps.policy.required())) {
        if (proof === undefined) throw new VaultError('WRONG_PASSKEY', 'new devices need a passkey: confirm with an added passkey first');
        await deps.policy.verify(proof);
      }
      if ((await read()).length >= MAX_PASSKEYS) throw new VaultError('BAD_INPUT', `at most ${MAX_PASSKEYS} passkeys`);
      pending = { prfSalt: newPrfSalt(), expiresAt: deps.now() + ADD_WINDOW_MS };
      return {
        challenge: toBase64url(randomBytes(32)),
        prfSalt: toBase64url(pending.prfSalt),
        userId: vault.header.personalCollection,
      };
    },

    /** Wrap the current bundle key under the new passkey's PRF output and store the record. */
    async finishAdd(credentialId: string, prfOutput: Uint8Array, label: string): Promise<void> {
      const vault = await deps.vault.require();
      const started = pending;
      pending = null;
      if (started === null || started.expiresAt <= deps.now()) throw new VaultError('BAD_INPUT', 'start adding the passkey again');
      const records = await read();
      if (records.some((r) => r.credentialId === credentialId)) throw new VaultError('BAD_INPUT', 'this passkey is already added');
      const binding = { credentialId, personalCollection: vault.header.personalCollection, prfSalt: started.prfSalt };
      const wrapped = wrapWithPasskey(vault.bundleKey, prfOutput, binding);
      wipe(unwrapWithPasskey(wrapped, prfOutput, binding));
      await deps.store.putMeta(KEY, [...records, { credentialId, prfSalt: started.prfSalt, wrapped, label, createdAt: deps.now() }]);
    },

    async remove(credentialId: string): Promise<void> {
      await deps.vault.require();
      const records = await read();
      if (!records.some((r) => r.credentialId === credentialId)) throw new VaultError('NOT_FOUND', 'no such passkey');
      if (records.length === 1 && deps.policy !== undefined && (await deps.policy.required())) {
        throw new VaultError('BAD_INPUT', 'new devices need a passkey: turn that off before removing the last passkey');
      }
      await deps.store.putMeta(KEY, records.filter((r) => r.credentialId !== credentialId));
    },

    /** What `navigator.credentials.get` needs: each credential id with its PRF salt (neither is secret). */
    async beginUnlock(): Promise<{ challenge: string; credentials: Array<{ credentialId: string; prfSalt: string }> }> {
      if ((await deps.store.getHeader()) === undefined) throw new VaultError('NO_VAULT', 'this browser has no vault yet');
      const credentials = (await read()).map((r) => ({ credentialId: r.credentialId, prfSalt: toBase64url(r.prfSalt) }));
      return { challenge: toBase64url(randomBytes(32)), credentials };
    },

    async unlock(credentialId: string, prfOutput: Uint8Array): Promise<void> {
      const record = (await read()).find((r) => r.credentialId === credentialId);
      await deps.vault.unlockWithBundleKey((header) => {
        if (record === undefined) throw new VaultError('WRONG_PASSKEY', 'this passkey is not added to the vault');
        return unwrapWithPasskey(record.wrapped, prfOutput, {
          credentialId,
          personalCollection: header.personalCollection,
          prfSalt: record.prfSalt,
        });
      });
    },
  };
}

export type PasskeyService = ReturnType<typeof passkeyService>;

