/**
 * Restoring a fresh browser with the recovery kit, in the worker (DESIGN.md §7; docs/recovery-ui.md):
 *   inspect  the kit (typed or pasted) and the server address: the kit decodes (a mistyped one is
 *            BAD_ENCODING), the server holds a chain for the kit's fingerprint (NOT_FOUND), that
 *            chain's genesis is the fingerprint (FORK), the kit is its current recovery key
 *            (UNTRUSTED_WRITER: replaced or revoked); answers the trusted devices. Nothing stored.
 *   prepare  with the master password for this browser and the devices to keep (default none):
 *            the plan (shared/recovery/plan.ts) is made and its NEW kit shown, before anything is
 *            sent, so the person holds a working kit whatever happens next (the old one until the
 *            plan's set-recovery-key lands, the new one after).
 *   start    once two groups of the new kit are retyped: enroll, revoke, new kit, rotate the user
 *            key, read and rotate the collection (shared/devices/restore-device.ts), then make the
 *            local vault under the chosen master password with every item, and hand the engine its
 *            pinned state (sync-service.ts `adopt`), which syncs at once.
 * One restore at a time; status is polled by the popup. Refuses: a browser that has a vault
 * (VAULT_EXISTS), a weak master password (WEAK_PASSWORD), no host permission for the server
 * (FORBIDDEN_SENDER), a retyped group that does not match (BAD_ENCODING), and what the steps refuse.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { keyOf } from '../../../shared/chains/chain-link';
import { entryHash } from '../../../shared/chains/entry';
import { trustedDevices, validateIdentityChain, type IdentityState } from '../../../shared/chains/identity-chain';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { equalBytes } from '../../../shared/crypto/constant-time';
import type { KdfParams } from '../../../shared/crypto/argon2id';
import { restoreDevice, type RestoredDevice } from '../../../shared/devices/restore-device';
import type { FetchLike } from '../../../shared/protocol/client/http-exchange';
import { fetchChainForRecovery } from '../../../shared/protocol/client/recovery-client';
import { VaultError } from '../../../shared/protocol/errors';
import { keyFingerprint } from '../../../shared/protocol/key-fingerprint';
import type { VaultState } from '../../../shared/protocol/messages';
import type { RecoveryKitView, RestoreDeviceView, RestoreStatusView } from '../../../shared/protocol/recovery-messages';
import { checkConfirmGroups, pickConfirmGroups } from '../../../shared/recovery/kit-confirmation';
import { kitFromText, kitToText, type RecoveryKit } from '../../../shared/recovery/kit';
import { planRecovery, type RecoveryPlan } from '../../../shared/recovery/plan';
import { checkKit, deriveRecoveryKeys } from '../../../shared/recovery/recovery-key';
import { recoveryPublicKeys } from '../../../shared/recovery/register-kit';
import type { CollectionSyncState } from '../../../shared/sync/engine/engine-state';
import type { Environment } from '../../../shared/sync/engine/ports';
import { view, type MergeState } from '../../../shared/sync/item-merge';
import { vaultKeysFromBundle } from '../../../shared/vault/vault-from-bundle';
import { syncServerOrigin, type SyncAccount } from '../../../shared/vault/sync-account';
import type { OpenVault } from '../../../shared/vault/vault-keys';
import type { KitRecords } from './kit-records';

export interface RestoreServiceDeps {
  vaultState: () => Promise<VaultState>;
  adoptVault: (vault: OpenVault) => Promise<void>;
  applyItems: (merged: ReadonlyMap<string, MergeState>) => Promise<unknown>;
  adoptAccount: (account: SyncAccount, state: CollectionSyncState) => Promise<void>;
  records: KitRecords;
  fetch: FetchLike;
  hasPermission: (origin: string) => Promise<boolean>;
  masterPasswordProblem: (password: string) => string | null;
  kdfParams?: () => KdfParams;
  env: Environment;
}

interface Prepared {
  readonly kit: RecoveryKit;
  readonly server: string;
  readonly plan: RecoveryPlan;
  readonly password: string;
  readonly newKit: string;
  readonly confirm: [number, number];
}

type Phase = RestoreStatusView['phase'];

/** The chain the server serves for the kit, checked against it. */
async function checkedChain(deps: RestoreServiceDeps, kitText: string, server: string): Promise<{ kit: RecoveryKit; origin: string; entries: readonly Uint8Array[]; state: IdentityState }> {
  if ((await deps.vaultState()) !== 'no-vault') throw new VaultError('VAULT_EXISTS', 'this browser already has a vault: a restore needs a fresh one');
  const kit = kitFromText(kitText);
  const origin = syncServerOrigin(server);
  if (!(await deps.hasPermission(origin))) throw new VaultError('FORBIDDEN_SENDER', 'no host permission for the sync server');
  const served = await fetchChainForRecovery({ server: origin, fetch: deps.fetch }, kit.fingerprint);
  const last = served.entries[served.entries.length - 1];
  if (last === undefined || !equalBytes(entryHash(last), served.head)) throw new VaultError('FORK', "the server's identity chain head is not its last entry's hash");
  const state = validateIdentityChain(served.entries, kit.fingerprint);
  checkKit(kit, state);
  return { kit, origin, entries: served.entries, state };
}

/** The device bundle of the restored device: newest epoch first (the local vault seals its records with the first key of its collection). */
function bundleOf(restored: RestoredDevice, collectionName: string) {
  const { device } = restored.plan;
  const newest = restored.keys.currentEpoch(restored.collection) ?? 0;
  const collectionKeys = [];
  for (let epoch = newest; epoch >= 0; epoch--) {
    const key = restored.keys.epochKey(restored.collection, epoch);
    if (key !== null) collectionKeys.push({ collection: collectionName, epoch, key: new Uint8Array(key) });
  }
  return {
    deviceSigningSeed: new Uint8Array(device.seed),
    deviceX25519Private: new Uint8Array(device.x25519Private),
    userKeys: restored.keys.userKeys.map((k) => ({ generation: k.generation, x25519Private: new Uint8Array(k.privateKey) })),
    collectionKeys,
  };
}

export function restoreService(deps: RestoreServiceDeps) {
  let prepared: Prepared | null = null;
  let phase: Phase = 'idle';
  let error: string | null = null;
  let revoked = 0;
  let items = 0;
  const running = () => phase === 'enrolling' || phase === 'reading' || phase === 'rotating' || phase === 'saving';
  const status = (): RestoreStatusView => ({ phase, error, revoked, items });

  async function save(job: Prepared, restored: RestoredDevice): Promise<void> {
    phase = 'saving';
    const collectionName = toBase64url(hexToBytes(restored.collection));
    const vault = await vaultKeysFromBundle(job.password, bundleOf(restored, collectionName), collectionName, deps.kdfParams?.());
    await deps.adoptVault(vault);
    await deps.applyItems(restored.items);
    const keys = recoveryPublicKeys(deriveRecoveryKeys(job.plan.kit));
    const at = deps.env.now();
    await deps.records.putKit(vault, { ...keys, confirmedAt: at, registeredAt: at });
    const account: SyncAccount = { server: job.server, identity: restored.identity, device: job.plan.device.deviceId, identityGenesis: restored.genesis, collectionAppended: true, createdAt: at };
    await deps.adoptAccount(account, restored.state);
  }

  async function run(job: Prepared): Promise<void> {
    try {
      const restored = await restoreDevice({
        server: job.server,
        fetch: deps.fetch,
        kit: job.kit,
        plan: job.plan,
        env: deps.env,
        onStep: (step) => {
          phase = step;
        },
      });
      items = [...restored.items.values()].filter((s) => !view(s).deleted).length;
      await save(job, restored);
      phase = 'done';
    } catch (thrown) {
      error = thrown instanceof VaultError ? thrown.code : 'INTERNAL';
      if (!(thrown instanceof VaultError)) console.error('restore failed', thrown instanceof Error ? thrown.name : typeof thrown);
      phase = 'failed';
    }
  }

  return {
    status,
    async inspect(kitText: string, server: string): Promise<{ devices: RestoreDeviceView[] }> {
      const { state } = await checkedChain(deps, kitText, server);
      const devices = trustedDevices(state).map((d) => ({ id: toBase64url(d.deviceId), fingerprint: keyFingerprint(d.signingKey), first: d.approvedBy === null, addedAt: d.addedAt }));
      return { devices };
    },
    async prepare(input: { kit: string; server: string; keep: readonly string[]; password: string }): Promise<RecoveryKitView & { revoke: number }> {
      if (running()) throw new VaultError('CONFLICT', 'a restore is running');
      const problem = deps.masterPasswordProblem(input.password);
      if (problem !== null) throw new VaultError('WEAK_PASSWORD', problem);
      const { kit, origin, entries, state } = await checkedChain(deps, input.kit, input.server);
      const trusted = new Set(trustedDevices(state).map((d) => keyOf(d.deviceId)));
      const keep = input.keep.map((id) => fromBase64url(id));
      if (keep.some((id) => !trusted.has(keyOf(id)))) throw new VaultError('BAD_INPUT', 'a device to keep is not trusted by this vault');
      const plan = await planRecovery({ entries, kit, keep, time: deps.env.now() });
      const newKit = kitToText(plan.kit);
      prepared = { kit, server: origin, plan, password: input.password, newKit, confirm: pickConfirmGroups(deps.env.random) };
      phase = 'prepared';
      error = null;
      revoked = plan.revoked.length;
      return { text: newKit, confirm: prepared.confirm, revoke: plan.revoked.length };
    },
    async start(answers: readonly string[]): Promise<RestoreStatusView> {
      const job = prepared;
      if (job === null || phase !== 'prepared') throw new VaultError('NOT_FOUND', 'no restore is prepared: start again');
      checkConfirmGroups(job.newKit, job.confirm, answers);
      prepared = null;
      phase = 'enrolling';
      void run(job);
      return status();
    },
    cancel(): RestoreStatusView {
      if (running()) throw new VaultError('CONFLICT', 'the restore is running: it cannot be stopped halfway');
      prepared = null;
      phase = 'idle';
      error = null;
      return status();
    },
  };
}

export type RestoreService = ReturnType<typeof restoreService>;
