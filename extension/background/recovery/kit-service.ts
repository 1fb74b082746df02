/**
 * The recovery kit of an existing vault, in the worker (DESIGN.md §7, docs/recovery-ui.md):
 * make a kit (shown once: its text goes to the popup, nothing of it is stored), confirm it by two
 * retyped groups, keep its public keys sealed (kit-records.ts), and register them in the identity
 * chain (set-recovery-key with the current user key sealed to the kit) as soon as the vault is
 * connected to a server: at once when it already is, else after the connection's first sync.
 * Replacing a registered kit appends set-recovery-key for the new kit and then rotate-user-key
 * (the chain requires it: docs/chains.md rule 7), sealed to the devices and the new kit only
 * (shared/recovery/user-key-rotation.ts); the new user-key generation joins the device bundle.
 *
 * A vault with no sync account gets its identity genesis now (kept sealed, registered as is when
 * it connects: sync-service.ts `localIdentity`), because the kit names the vault by that genesis's
 * hash and must still fit the vault once it is connected.
 * Refuses: a confirmation without a kit shown (NOT_FOUND: make it again), a mistyped group
 * (BAD_ENCODING), a locked vault (LOCKED); what the chain and server refuse, kept as the last error
 * while the kit stays waiting (retried after each sync).
 */
import { createIdentityGenesis, appendIdentityEntry } from '../../../shared/chains/append';
import { DEVICE_ID_LENGTH, entryHash } from '../../../shared/chains/entry';
import type { IdentityState } from '../../../shared/chains/identity-chain';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { wrapBundle } from '../../../shared/crypto/key-bundle';
import { randomBytes } from '../../../shared/crypto/random';
import { wipe } from '../../../shared/crypto/wipe';
import { x25519PublicKey } from '../../../shared/crypto/x25519';
import { appendToIdentityChain, servedIdentityChain } from '../../../shared/devices/chain-append';
import { VaultError } from '../../../shared/protocol/errors';
import type { RecoveryKitView, RecoveryKitStatusView } from '../../../shared/protocol/messages';
import { checkConfirmGroups, pickConfirmGroups } from '../../../shared/recovery/kit-confirmation';
import { createRecoveryKit, kitToText, type RecoveryKit } from '../../../shared/recovery/kit';
import { deriveRecoveryKeys } from '../../../shared/recovery/recovery-key';
import { isCurrentRecoveryKey, recoveryPublicKeys, setRecoveryKeyOp } from '../../../shared/recovery/register-kit';
import { rotateUserKeyOp } from '../../../shared/recovery/user-key-rotation';
import type { UserKeyPair } from '../../../shared/pairing/user-key-seal';
import type { OpenVault } from '../../../shared/vault/vault-keys';
import type { PairingAccess } from '../sync/sync-service';
import type { VaultStore } from '../vault/ports';
import type { VaultSession } from '../vault/vault-session';
import type { KitRecord, KitRecords } from './kit-records';

export interface KitServiceDeps {
  vault: Pick<VaultSession, 'require'>;
  store: Pick<VaultStore, 'putHeader'>;
  records: KitRecords;
  /** The connected account (NOT_FOUND while the vault does not sync yet). */
  access: () => Promise<PairingAccess>;
  /** The sync account's identity id (base64url), or null without one. */
  accountIdentity: () => Promise<string | null>;
  now: () => number;
  random: () => number;
}

interface ShownKit {
  readonly vault: OpenVault;
  readonly kit: RecoveryKit;
  readonly text: string;
  readonly confirm: [number, number];
}

/** Adds a user-key generation to the device bundle and stores the re-sealed bundle. */
export async function keepUserKey(store: Pick<VaultStore, 'putHeader'>, vault: OpenVault, userKey: UserKeyPair): Promise<void> {
  if (vault.bundle.userKeys.some((k) => k.generation === userKey.generation)) return;
  vault.bundle.userKeys.push({ generation: userKey.generation, x25519Private: new Uint8Array(userKey.privateKey) });
  const header = { ...vault.header, sealedBundle: wrapBundle(vault.bundleKey, vault.bundle, vault.header.kdf) };
  await store.putHeader(header);
  vault.header = header;
}

export function kitService(deps: KitServiceDeps) {
  let shown: ShownKit | null = null;
  let progress: string | null = null;
  let lastError: string | null = null;
  let registering: Promise<void> | null = null;
  /** Whether the served chain has a recovery key, for a vault whose kit was made on another device. */
  let chainKit: { vault: OpenVault; set: boolean } | null = null;

  /** The identity id the kit will name: the sync account's, or the local genesis made now. */
  async function identityFor(vault: OpenVault): Promise<Uint8Array> {
    const account = await deps.accountIdentity();
    if (account !== null) return fromBase64url(account);
    const held = await deps.records.localIdentity(vault);
    if (held !== null) return entryHash(held.identityGenesis);
    const bundle = vault.bundle;
    const userKey = bundle.userKeys.reduce((a, b) => (b.generation > a.generation ? b : a));
    const device = randomBytes(DEVICE_ID_LENGTH);
    const genesis = createIdentityGenesis(
      { deviceId: device, seed: bundle.deviceSigningSeed, x25519Key: x25519PublicKey(bundle.deviceX25519Private) },
      x25519PublicKey(userKey.x25519Private),
      deps.now(),
    );
    await deps.records.putLocalIdentity(vault, { device, identityGenesis: genesis.bytes });
    return genesis.hash;
  }

  function forget(): void {
    if (shown !== null) wipe(shown.kit.secret);
    shown = null;
  }

  async function append(access: PairingAccess, record: KitRecord): Promise<void> {
    const signer = { by: 'device' as const, id: access.deviceId, seed: access.seed };
    const userKeyOf = (state: IdentityState) => {
      const key = access.userKeyOf(state.userKey.generation);
      if (key === undefined) throw new VaultError('NOT_FOUND', `this device lacks user-key generation ${state.userKey.generation}`);
      return key;
    };
    progress = 'Registering the recovery kit with the server';
    let state = await appendToIdentityChain(access.transport, access.identity, async (served) => {
      if (isCurrentRecoveryKey(served, record)) return null;
      const op = await setRecoveryKeyOp(record, served, userKeyOf(served), { by: 'device', id: access.deviceId });
      return appendIdentityEntry(served, served.head, signer, op, deps.now());
    });
    if (state.userKeyRotationDue) {
      progress = 'Rotating your user key so the old kit opens nothing new';
      const made: { key?: UserKeyPair } = {};
      state = await appendToIdentityChain(access.transport, access.identity, async (served) => {
        delete made.key;
        if (!served.userKeyRotationDue) return null;
        const rotation = await rotateUserKeyOp(served, { by: 'device', id: access.deviceId });
        made.key = rotation.userKey;
        return appendIdentityEntry(served, served.head, signer, rotation.op, deps.now());
      });
      if (made.key !== undefined) await keepUserKey(deps.store, await deps.vault.require(), made.key);
    }
  }

  /** Register the confirmed kit if the vault is connected; one run at a time. */
  function register(): Promise<void> {
    registering ??= (async () => {
      try {
        const vault = await deps.vault.require();
        const record = await deps.records.kit(vault);
        if (record === null || record.registeredAt > 0) return;
        const access = await deps.access().catch((error: unknown) => {
          if (error instanceof VaultError && error.code === 'NOT_FOUND') return null;
          throw error;
        });
        if (access === null) return;
        await append(access, record);
        await deps.records.putKit(vault, { ...record, registeredAt: deps.now() });
        chainKit = null;
        lastError = null;
      } catch (error) {
        lastError = error instanceof VaultError ? error.code : 'INTERNAL';
      } finally {
        progress = null;
        registering = null;
      }
    })();
    return registering;
  }

  async function kitSetElsewhere(vault: OpenVault): Promise<boolean> {
    if (chainKit?.vault === vault) return chainKit.set;
    const access = await deps.access().catch(() => null);
    if (access === null) return false;
    const set = await servedIdentityChain(access.transport, access.identity).then(({ state }) => state.recoveryKey !== null, () => false);
    chainKit = { vault, set };
    return set;
  }

  async function status(): Promise<RecoveryKitStatusView> {
    const vault = await deps.vault.require();
    const record = await deps.records.kit(vault);
    const connected = (await deps.accountIdentity()) !== null;
    const postponedAt = await deps.records.postponedAt();
    const base = { connected, postponed: postponedAt !== null, progress, error: lastError };
    if (record !== null) {
      return { ...base, kit: record.registeredAt > 0 ? 'registered' : 'waiting', confirmedAt: record.confirmedAt, registeredAt: record.registeredAt || null };
    }
    const elsewhere = connected && (await kitSetElsewhere(vault));
    return { ...base, kit: elsewhere ? 'elsewhere' : 'none', confirmedAt: null, registeredAt: null };
  }

  return {
    status,
    register,
    /** A new kit for this vault, shown once; it counts only once confirmed. */
    async begin(): Promise<RecoveryKitView> {
      const vault = await deps.vault.require();
      forget();
      const kit = createRecoveryKit(await identityFor(vault));
      const text = kitToText(kit);
      shown = { vault, kit, text, confirm: pickConfirmGroups(deps.random) };
      return { text, confirm: shown.confirm };
    },
    /** The person retyped the asked groups: keep the kit's public keys and register them. */
    async confirm(answers: readonly string[]): Promise<RecoveryKitStatusView> {
      const vault = await deps.vault.require();
      if (shown === null || shown.vault !== vault) throw new VaultError('NOT_FOUND', 'no recovery kit is being shown: make a new one');
      checkConfirmGroups(shown.text, shown.confirm, answers);
      const keys = recoveryPublicKeys(deriveRecoveryKeys(shown.kit));
      forget();
      await deps.records.putKit(vault, { ...keys, confirmedAt: deps.now(), registeredAt: 0 });
      await register();
      return status();
    },
    /** "Later": the prompt stops, Settings keeps warning. */
    async postpone(): Promise<RecoveryKitStatusView> {
      await deps.vault.require();
      forget();
      await deps.records.postpone(deps.now());
      return status();
    },
    /** The popup closed the kit without confirming it. */
    cancel(): void {
      forget();
    },
    locked(): void {
      forget();
      chainKit = null;
    },
  };
}

export type KitService = ReturnType<typeof kitService>;
