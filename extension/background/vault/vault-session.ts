/**
 * The vault's lock state in the worker: create, unlock, lock, resume after a worker restart, and
 * change the master password. While unlocked, the open vault (bundle key and device bundle) lives
 * in this object and the bundle key plus the lock deadline in the session store; locking wipes
 * both. Every wake checks the deadline before trusting the session (the worker may have slept
 * through it).
 */
import { wipeBundle } from '../../../shared/crypto/key-bundle';
import { wipe } from '../../../shared/crypto/wipe';
import { VaultError } from '../../../shared/protocol/errors';
import type { VaultState } from '../../../shared/protocol/messages';
import { createVaultKeys, openBundle, rewrapHeader, unlockBundleKey, type OpenVault, type VaultHeader } from '../../../shared/vault/vault-keys';
import { newKdfParams, type KdfParams } from '../../../shared/crypto/argon2id';
import type { Clock, SessionStore, VaultStore } from './ports';
import { unlockThrottle } from './unlock-throttle';

export interface VaultSessionDeps {
  store: VaultStore;
  session: SessionStore;
  now: Clock;
  /** Minutes of inactivity before locking (read on every unlock and activity). */
  autoLockMinutes: () => Promise<number>;
  /** Tells the host (alarms) when the vault should lock next; null when locked. */
  onDeadline: (deadline: number | null) => void;
  /** KDF parameters for new vaults and password changes (tests pass the minimum). */
  kdfParams?: () => KdfParams;
}

export function vaultSession(deps: VaultSessionDeps) {
  const throttle = unlockThrottle(deps.store, deps.now);
  let open: OpenVault | null = null;
  let deadline = 0;
  const listeners: Array<(vault: OpenVault | null) => void> = [];

  async function becomeUnlocked(vault: OpenVault): Promise<void> {
    // The deadline first: a state() call while this waits must not see an open vault past a zero deadline (and lock it).
    const next = deps.now() + (await deps.autoLockMinutes()) * 60_000;
    open = vault;
    deadline = next;
    await deps.session.save({ bundleKey: vault.bundleKey, deadline });
    deps.onDeadline(deadline);
    for (const listener of listeners) listener(vault);
  }

  async function lock(): Promise<void> {
    if (open !== null) {
      wipeBundle(open.bundle);
      wipe(open.bundleKey);
    }
    open = null;
    await deps.session.clear();
    deps.onDeadline(null);
    for (const listener of listeners) listener(null);
  }

  /** After a worker restart: re-open from the session if its deadline has not passed. */
  async function resume(): Promise<OpenVault | null> {
    if (open !== null && deps.now() < deadline) return open;
    if (open !== null) {
      await lock();
      return null;
    }
    const saved = await deps.session.load();
    if (saved === null) return null;
    const header = await deps.store.getHeader();
    if (header === undefined || saved.deadline <= deps.now()) {
      await lock();
      return null;
    }
    open = { header, bundleKey: saved.bundleKey, bundle: openBundle(header, saved.bundleKey) };
    deadline = saved.deadline;
    deps.onDeadline(deadline);
    for (const listener of listeners) listener(open);
    return open;
  }

  return {
    lock,
    resume,
    onChange(listener: (vault: OpenVault | null) => void) {
      listeners.push(listener);
    },

    async state(): Promise<VaultState> {
      if ((await resume()) !== null) return 'unlocked';
      return (await deps.store.getHeader()) === undefined ? 'no-vault' : 'locked';
    },

    /** The open vault, or LOCKED. */
    async require(): Promise<OpenVault> {
      const vault = await resume();
      if (vault === null) throw new VaultError('LOCKED', 'the vault is locked');
      return vault;
    },

    async create(password: string): Promise<void> {
      if ((await deps.store.getHeader()) !== undefined) throw new VaultError('VAULT_EXISTS', 'this browser already has a vault');
      const vault = await createVaultKeys(password, deps.kdfParams?.());
      await deps.store.putHeader(vault.header);
      await becomeUnlocked(vault);
    },

    /** A vault made elsewhere in the worker (a restore with the recovery kit), stored and opened; refused when one exists. */
    async adopt(vault: OpenVault): Promise<void> {
      if ((await deps.store.getHeader()) !== undefined) throw new VaultError('VAULT_EXISTS', 'this browser already has a vault');
      await deps.store.putHeader(vault.header);
      await becomeUnlocked(vault);
    },

    async unlock(password: string): Promise<void> {
      const header = await deps.store.getHeader();
      if (header === undefined) throw new VaultError('NO_VAULT', 'this browser has no vault yet');
      await throttle.check();
      let bundleKey: Uint8Array;
      try {
        bundleKey = await unlockBundleKey(header, password);
      } catch (error) {
        if (error instanceof VaultError && error.code === 'WRONG_PASSWORD') await throttle.failed();
        throw error;
      }
      await throttle.succeeded();
      await becomeUnlocked({ header, bundleKey, bundle: openBundle(header, bundleKey) });
    },

    /**
     * Unlock with a bundle key another factor unwrapped (a passkey's PRF output): `unwrap` gets the
     * header and returns the bundle key or throws WRONG_PASSKEY, which counts toward the same
     * throttle as wrong passwords. The key must open the device bundle, or nothing changes.
     */
    async unlockWithBundleKey(unwrap: (header: VaultHeader) => Uint8Array | Promise<Uint8Array>): Promise<void> {
      const header = await deps.store.getHeader();
      if (header === undefined) throw new VaultError('NO_VAULT', 'this browser has no vault yet');
      await throttle.check();
      let vault: OpenVault;
      try {
        const bundleKey = await unwrap(header);
        try {
          vault = { header, bundleKey, bundle: openBundle(header, bundleKey) };
        } catch (error) {
          wipe(bundleKey);
          if (error instanceof VaultError && error.code === 'DECRYPT_FAILED') throw new VaultError('WRONG_PASSKEY', 'the key does not open this vault');
          throw error;
        }
      } catch (error) {
        if (error instanceof VaultError && error.code === 'WRONG_PASSKEY') await throttle.failed();
        throw error;
      }
      await throttle.succeeded();
      await becomeUnlocked(vault);
    },

    /** Re-entry of the master password before a sensitive action (plain export). Throttled like unlock. */
    async confirmPassword(password: string): Promise<void> {
      const vault = await this.require();
      await throttle.check();
      try {
        wipe(await unlockBundleKey(vault.header, password));
      } catch (error) {
        if (error instanceof VaultError && error.code === 'WRONG_PASSWORD') await throttle.failed();
        throw error;
      }
      await throttle.succeeded();
    },

    /** The KDF parameters the vault is wrapped with now. */
    async kdf(): Promise<{ m: number; t: number; p: number }> {
      const { m, t, p } = (await this.require()).header.kdf;
      return { m, t, p };
    },

    /** Re-wraps under `next` (and new KDF parameters when given: refused below the minimum). */
    async changePassword(current: string, next: string, params?: { m: number; t: number; p: number }): Promise<void> {
      const vault = await this.require();
      await throttle.check();
      try {
        await unlockBundleKey(vault.header, current);
      } catch (error) {
        if (error instanceof VaultError && error.code === 'WRONG_PASSWORD') await throttle.failed();
        throw error;
      }
      const fresh = deps.kdfParams?.() ?? newKdfParams();
      const header = await rewrapHeader(vault, next, params === undefined ? fresh : { ...params, salt: fresh.salt });
      await deps.store.putHeader(header);
      open = { ...vault, header };
    },

    /** Push the auto-lock deadline forward on user activity (stored at most every 20 s). */
    async touch(): Promise<void> {
      if ((await resume()) === null || open === null) return;
      const next = deps.now() + (await deps.autoLockMinutes()) * 60_000;
      if (next - deadline < 20_000) return;
      deadline = next;
      await deps.session.save({ bundleKey: open.bundleKey, deadline });
      deps.onDeadline(deadline);
    },
  };
}

export type VaultSession = ReturnType<typeof vaultSession>;
