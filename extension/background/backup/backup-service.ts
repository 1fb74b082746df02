/**
 * Backups in the worker (issue 11 "Sync is not backup"; docs/backups.md): a backup file on demand
 * (the master password again, then a backup password: Argon2id), scheduled backups (daily or weekly
 * on chrome.alarms, while the vault is unlocked, the last N kept in this profile's IndexedDB,
 * downloadable), and point-in-time restore of the vault's collection from a stored backup or a file:
 * preview first (re-added, rolled back, unchanged, kept), then ordinary local edits that sync
 * signs and pushes as one normal batch with newer stamps. The log is never rewritten.
 *
 * Nothing is written until a restore is confirmed; a wrong password, a corrupt, truncated or
 * modified file or an unknown version is refused with its code and changes nothing. Progress of the
 * long steps (Argon2id, writing) is readable with `progress()`.
 * Refuses: WRONG_PASSWORD (master or backup password), LOCKED, NOT_FOUND (no such stored backup,
 * nothing previewed), BAD_INPUT, and backup-file.ts's codes.
 */
import { randomBytes } from '../../../shared/crypto/random';
import { toBase64url } from '../../../shared/crypto/base64url';
import { wipe } from '../../../shared/crypto/wipe';
import { VaultError } from '../../../shared/protocol/errors';
import { openBackup, readBackupHeader, sealBackup, deriveBackupKey, type BackupKdf, type OpenedBackup } from '../../../shared/vault/backup/backup-file';
import { planRestore, type RestorePlan } from '../../../shared/vault/backup/restore-plan';
import { openScheduleKey, sealScheduleKey } from '../../../shared/vault/backup/schedule-key';
import type { Item } from '../../../shared/vault/item-types';
import type { BackupStore } from './backup-store';
import type { Clock, VaultStore } from '../vault/ports';
import type { VaultSession } from '../vault/vault-session';

const SCHEDULE_KEY = 'backup-schedule';
const DAY_MS = 24 * 60 * 60 * 1000;
export const SCHEDULE_EVERY = { daily: DAY_MS, weekly: 7 * DAY_MS } as const;
export type ScheduleEvery = keyof typeof SCHEDULE_EVERY;
export const MAX_KEPT = 30;

interface StoredSchedule {
  every: ScheduleEvery;
  keep: number;
  kdf: BackupKdf;
  sealedKek: Uint8Array;
  lastAt: number | null;
}

export interface BackupProgress {
  phase: 'idle' | 'deriving' | 'planning' | 'writing' | 'done' | 'failed';
  done: number;
  total: number;
}

export interface RestorePreview {
  createdAt: number;
  sameVault: boolean;
  reAdded: number;
  rolledBack: number;
  unchanged: number;
  kept: number;
  /** Names of the items a restore brings back or rolls back (the first 50 of each). */
  reAddedNames: string[];
  rolledBackNames: string[];
}

export interface BackupItems {
  all(): Promise<Item[]>;
  collection(): Promise<string>;
  restoreItems(items: readonly Item[]): Promise<number>;
}

export function backupService(deps: { vault: VaultSession; items: BackupItems; meta: VaultStore; backups: BackupStore; now: Clock; kdf?: { m: number; t: number; p: number } }) {
  let progress: BackupProgress = { phase: 'idle', done: 0, total: 0 };
  let pending: { plan: RestorePlan; expiresAt: number } | null = null;
  const step = (phase: BackupProgress['phase'], done = 0, total = 0) => (progress = { phase, done, total });

  async function meta(): Promise<{ createdAt: number; collection: string }> {
    return { createdAt: deps.now(), collection: await deps.items.collection() };
  }

  async function opened(source: { stored: string } | { data: Uint8Array }, password: string): Promise<OpenedBackup> {
    let bytes: Uint8Array;
    if ('stored' in source) {
      const row = await deps.backups.get(source.stored);
      if (row === undefined) throw new VaultError('NOT_FOUND', 'no such stored backup');
      bytes = row.bytes;
    } else bytes = source.data;
    readBackupHeader(bytes);
    step('deriving');
    return openBackup(bytes, password);
  }

  async function scheduleView() {
    const s = await deps.meta.getMeta<StoredSchedule>(SCHEDULE_KEY);
    return s === undefined ? null : { every: s.every, keep: s.keep, lastAt: s.lastAt };
  }

  return {
    progress: (): BackupProgress => ({ ...progress }),

    /** A backup file of the whole collection, now, under its own password (after the master password). */
    async download(masterPassword: string, backupPassword: string): Promise<{ fileName: string; bytes: Uint8Array }> {
      await deps.vault.require();
      await deps.vault.confirmPassword(masterPassword);
      step('deriving');
      try {
        const key = await deriveBackupKey(backupPassword, deps.kdf);
        try {
          const bytes = sealBackup(await deps.items.all(), key, await meta());
          step('done');
          return { fileName: `sealed-vault-backup-${new Date(deps.now()).toISOString().slice(0, 10)}.svbackup`, bytes };
        } finally {
          wipe(key.kek);
        }
      } catch (error) {
        step('failed');
        throw error;
      }
    },

    async status() {
      await deps.vault.require();
      const stored = (await deps.backups.list()).map(({ id, createdAt, count, bytes }) => ({ id, createdAt, count, size: bytes.length }));
      return { schedule: await scheduleView(), stored };
    },

    /** Daily or weekly with a backup password (one Argon2id, now), or off (stored backups stay). */
    async setSchedule(req: { every: ScheduleEvery | 'off'; keep?: number; masterPassword?: string; backupPassword?: string }): Promise<void> {
      const vault = await deps.vault.require();
      if (req.every === 'off') {
        await deps.meta.putMeta(SCHEDULE_KEY, undefined);
        return;
      }
      if (req.masterPassword === undefined || req.backupPassword === undefined) throw new VaultError('BAD_INPUT', 'the master password and a backup password are needed');
      await deps.vault.confirmPassword(req.masterPassword);
      const keep = req.keep ?? 7;
      if (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEPT) throw new VaultError('BAD_INPUT', `keep 1 to ${MAX_KEPT} backups`);
      const key = await deriveBackupKey(req.backupPassword, deps.kdf);
      try {
        const sealedKek = sealScheduleKey(vault.bundleKey, vault.header.personalCollection, key);
        await deps.meta.putMeta(SCHEDULE_KEY, { every: req.every, keep, kdf: key.kdf, sealedKek, lastAt: null } satisfies StoredSchedule);
      } finally {
        wipe(key.kek);
      }
    },

    /** Makes the scheduled backup when one is due and the vault is unlocked; returns whether it did. */
    async runScheduled(): Promise<boolean> {
      const schedule = await deps.meta.getMeta<StoredSchedule>(SCHEDULE_KEY);
      if (schedule === undefined || schedule === null) return false;
      if (schedule.lastAt !== null && deps.now() - schedule.lastAt < SCHEDULE_EVERY[schedule.every]) return false;
      const vault = await deps.vault.resume();
      if (vault === null) return false;
      const key = openScheduleKey(vault.bundleKey, vault.header.personalCollection, schedule.kdf, schedule.sealedKek);
      try {
        const items = await deps.items.all();
        const bytes = sealBackup(items, key, await meta());
        await deps.backups.put({ id: toBase64url(randomBytes(16)), createdAt: deps.now(), count: items.length, bytes });
      } finally {
        wipe(key.kek);
      }
      await deps.meta.putMeta(SCHEDULE_KEY, { ...schedule, lastAt: deps.now() });
      for (const old of (await deps.backups.list()).slice(schedule.keep)) await deps.backups.delete(old.id);
      return true;
    },

    async storedFile(id: string): Promise<{ fileName: string; bytes: Uint8Array }> {
      await deps.vault.require();
      const row = await deps.backups.get(id);
      if (row === undefined) throw new VaultError('NOT_FOUND', 'no such stored backup');
      return { fileName: `sealed-vault-backup-${new Date(row.createdAt).toISOString().slice(0, 16).replace(':', '')}.svbackup`, bytes: row.bytes };
    },

    /** Opens a backup and compares it with the collection now; nothing is written. */
    async preview(source: { stored: string } | { data: Uint8Array }, password: string): Promise<RestorePreview> {
      await deps.vault.require();
      pending = null;
      try {
        const backup = await opened(source, password);
        step('planning');
        const plan = planRestore(backup.items, await deps.items.all(), deps.now());
        pending = { plan, expiresAt: deps.now() + 10 * 60_000 };
        step('idle');
        return {
          createdAt: backup.createdAt,
          sameVault: backup.collection === (await deps.items.collection()),
          reAdded: plan.reAdded.length,
          rolledBack: plan.rolledBack.length,
          unchanged: plan.unchanged,
          kept: plan.kept,
          reAddedNames: plan.reAdded.slice(0, 50).map((c) => c.after.name),
          rolledBackNames: plan.rolledBack.slice(0, 50).map((c) => c.after.name),
        };
      } catch (error) {
        step('failed');
        throw error;
      }
    },

    /** Writes the previewed restore as local edits in one transaction; sync pushes them as one batch. */
    async commit(): Promise<{ restored: number }> {
      await deps.vault.require();
      const p = pending;
      pending = null;
      if (p === null || p.expiresAt <= deps.now()) throw new VaultError('NOT_FOUND', 'preview the restore again');
      const items = [...p.plan.reAdded, ...p.plan.rolledBack].map((c) => c.after);
      step('writing', 0, items.length);
      try {
        const restored = await deps.items.restoreItems(items);
        step('done', restored, items.length);
        return { restored };
      } catch (error) {
        step('failed');
        throw error;
      }
    },
  };
}

export type BackupService = ReturnType<typeof backupService>;
