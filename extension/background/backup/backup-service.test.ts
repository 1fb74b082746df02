import { describe, expect, it } from 'vitest';
import type { ItemDraft } from '../../../shared/vault/item-types';
import { openBackup } from '../../../shared/vault/backup/backup-file';
import { itemService } from '../vault/item-service';
import { memorySessionStore, memoryVaultStore } from '../vault/testing/memory-stores';
import { vaultSession } from '../vault/vault-session';
import { backupService } from './backup-service';
import { memoryBackupStore } from './backup-store';

const MASTER = 'orbit-lantern-Velvet-93-quarry';
const BACKUP = 'a-different-backup-password-5';
const FAST = { m: 19456, t: 2, p: 1 };
const DAY = 24 * 60 * 60 * 1000;
const login = (name: string, password: string): ItemDraft => ({ type: 'login', name, username: 'me', password, urls: [] }) as unknown as ItemDraft;

async function setup(options: { syncing?: boolean } = {}) {
  let time = Date.UTC(2026, 10, 25, 12);
  const now = () => time;
  let counter = 0;
  let changed = 0;
  // A connected vault: each local change gets a stamp and a pending delta for the sync engine.
  const sync = { stamp: async () => ({ wall: time, counter: counter++, device: 'a'.repeat(32) }), changed: () => void changed++ };
  const store = memoryVaultStore();
  const kdfParams = () => ({ ...FAST, salt: crypto.getRandomValues(new Uint8Array(16)) });
  const vault = vaultSession({ store, session: memorySessionStore(), now, autoLockMinutes: async () => 60 * 24 * 30, onDeadline: () => {}, kdfParams });
  const items = itemService({ vault, store, now, snapshotDelayMs: 0, ...(options.syncing === true ? { sync } : {}) });
  const stored = memoryBackupStore();
  const backups = backupService({ vault, items, meta: store, backups: stored, now, kdf: FAST });
  await vault.create(MASTER);
  const ids = [];
  for (let i = 0; i < 5; i++) ids.push(await items.save(login(`Site ${i}`, `pw-${i}-Secret!`)));
  return { vault, items, backups, stored, ids, advance: (ms: number) => (time += ms), changes: () => changed };
}

async function massDelete(items: ReturnType<typeof itemService>, ids: string[]) {
  for (const id of ids) {
    await items.trash(id);
    await items.remove(id);
  }
}

describe('backup service', () => {
  it('downloads a backup only after the master password; it opens with the backup password and holds every item', async () => {
    const { backups, items } = await setup();
    await expect(backups.download('not the master password', BACKUP)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    const file = await backups.download(MASTER, BACKUP);
    expect(file.fileName).toMatch(/^sealed-vault-backup-2026-11-25\.svbackup$/);
    const opened = await openBackup(file.bytes, BACKUP);
    expect(opened.items).toEqual(await items.all());
    expect(backups.progress().phase).toBe('done');
  });

  it('restores after a mass delete: the preview counts, nothing is written before the commit, then every item is back', async () => {
    const { backups, items, ids, advance } = await setup();
    const file = await backups.download(MASTER, BACKUP);
    advance(60_000);
    await items.save({ ...login('Site 0', 'changed-later'), id: ids[0] } as ItemDraft);
    await massDelete(items, ids.slice(1));
    const newer = await items.save(login('Made after the backup', 'x-Secret-9'));
    const preview = await backups.preview({ data: file.bytes }, BACKUP);
    expect(preview).toMatchObject({ sameVault: true, reAdded: 4, rolledBack: 1, unchanged: 0, kept: 1 });
    expect(preview.reAddedNames.sort()).toEqual(['Site 1', 'Site 2', 'Site 3', 'Site 4']);
    expect((await items.all()).length).toBe(2);
    expect(await backups.commit()).toEqual({ restored: 5 });
    const after = await items.all();
    expect(after.map((i) => i.name).sort()).toEqual(['Made after the backup', 'Site 0', 'Site 1', 'Site 2', 'Site 3', 'Site 4']);
    expect((await items.get(ids[0]!)) as unknown).toMatchObject({ password: 'pw-0-Secret!' });
    expect((await items.get(newer)).name).toBe('Made after the backup');
    expect(backups.progress()).toEqual({ phase: 'done', done: 5, total: 5 });
    await expect(backups.commit()).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('with sync on, the restore is ordinary local edits: one pending delta per restored item, newer than the delete, handed to sync', async () => {
    const { backups, items, ids, advance, changes } = await setup({ syncing: true });
    const file = await backups.download(MASTER, BACKUP);
    advance(60_000);
    await massDelete(items, ids);
    await items.clearPending((await items.pendingDeltas()).rows);
    const before = changes();
    await backups.preview({ data: file.bytes }, BACKUP);
    expect(changes()).toBe(before);
    advance(60_000);
    await backups.commit();
    expect(changes()).toBe(before + 1);
    const { deltas } = await items.pendingDeltas();
    expect([...deltas.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const state = (await items.replicaStates([id])).get(id)!;
      expect(state.tombstone).not.toBeNull();
      expect(state.fields.name?.[0]?.stamp.wall).toBeGreaterThan(state.tombstone!.stamp.wall);
    }
    expect((await items.all()).length).toBe(5);
  });

  it('a wrong backup password, a truncated or corrupt file change nothing and say which', async () => {
    const { backups, items, ids } = await setup();
    const file = await backups.download(MASTER, BACKUP);
    await massDelete(items, ids);
    await expect(backups.preview({ data: file.bytes }, 'wrong backup password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(backups.preview({ data: file.bytes.slice(0, file.bytes.length - 30) }, BACKUP)).rejects.toMatchObject({ code: 'BAD_ENCODING' });
    await expect(backups.preview({ data: new TextEncoder().encode('not a backup') }, BACKUP)).rejects.toMatchObject({ code: 'BAD_ENCODING' });
    await expect(backups.commit()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await items.all()).toEqual([]);
    expect(backups.progress().phase).toBe('failed');
  });

  it('scheduled: one backup per day while unlocked, none while locked, the newest N kept, each opening with the backup password', async () => {
    const { backups, vault, stored, advance } = await setup();
    expect(await backups.runScheduled()).toBe(false);
    await expect(backups.setSchedule({ every: 'daily', keep: 2, masterPassword: 'wrong', backupPassword: BACKUP })).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await backups.setSchedule({ every: 'daily', keep: 2, masterPassword: MASTER, backupPassword: BACKUP });
    expect(await backups.runScheduled()).toBe(true);
    expect(await backups.runScheduled()).toBe(false);
    advance(DAY);
    await vault.lock();
    expect(await backups.runScheduled()).toBe(false);
    await vault.unlock(MASTER);
    expect(await backups.runScheduled()).toBe(true);
    advance(DAY);
    expect(await backups.runScheduled()).toBe(true);
    const list = await stored.list();
    expect(list).toHaveLength(2);
    expect(list[0]!.createdAt).toBeGreaterThan(list[1]!.createdAt);
    const file = await backups.storedFile(list[0]!.id);
    expect((await openBackup(file.bytes, BACKUP)).count).toBe(5);
    await expect(openBackup(file.bytes, MASTER)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect((await backups.status()).schedule).toMatchObject({ every: 'daily', keep: 2 });
    await backups.setSchedule({ every: 'off' });
    expect((await backups.status()).schedule).toBeNull();
    advance(DAY);
    expect(await backups.runScheduled()).toBe(false);
  });
});
