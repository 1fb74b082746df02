/**
 * "Sync is not backup" (issue 11, docs/backups.md): a signed mass delete reaches every device; a
 * point-in-time restore from an encrypted backup brings the items back as ordinary signed edits with
 * newer stamps, and the other device converges. Real server over HTTPS (SQLite, and PostgreSQL with
 * TEST_DATABASE_URL), real sync engines; the backup file and the restore plan are the product's
 * (shared/vault/backup/). A's items here are merge states of real items, as the extension stores them.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeOnDatabases } from '../../server/testing/on-databases';
import { EMPTY_STATE, edit, remove, view } from '../../shared/sync/item-merge';
import { openBackup, writeBackup } from '../../shared/vault/backup/backup-file';
import { planRestore } from '../../shared/vault/backup/restore-plan';
import { applyEdit, createItem } from '../../shared/vault/edit-item';
import { itemSchema, type Item, type LoginItem } from '../../shared/vault/item-types';
import { cryptoRandom } from '../../shared/vault/test-fixtures';
import { createPerson, DeviceLab, expectOk, type NodeDevice, type Person } from './device-lab';
import { pairDevice } from './pairing-flow';

const FAST = { m: 19456, t: 2, p: 1 } as const;
const BACKUP_PASSWORD = 'backup-before-the-accident-7';

/** An item's merge fields: every property but its id (as extension/background/sync/item-state.ts). */
function fieldsOf(item: Item): Record<string, unknown> {
  const { id: _id, ...fields } = item;
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}

/** The items a device shows in a collection (deleted ones left out). */
function itemsOn(device: NodeDevice, collection: string): Item[] {
  return device.replica.itemIds(collection).flatMap((id) => {
    const merged = view(device.replica.state(collection, id) ?? EMPTY_STATE);
    if (merged.deleted || Object.keys(merged.values).length === 0) return [];
    const values = Object.fromEntries(Object.entries(merged.values).filter(([name, value]) => value !== null || name === 'trashedAt'));
    const parsed = itemSchema.safeParse({ id, ...values });
    return parsed.success ? [parsed.data] : [];
  });
}

/** One local change on `device`: an edit of the given fields, or a delete. */
async function change(device: NodeDevice, collection: string, id: string, fields: Record<string, unknown> | 'delete'): Promise<void> {
  const stamp = await device.engine.stamp(collection);
  const state = device.replica.state(collection, id) ?? EMPTY_STATE;
  const delta = fields === 'delete' ? { fields: {}, tombstone: remove(state, stamp).tombstone } : edit(EMPTY_STATE, fields, stamp);
  device.replica.applyLocal(collection, id, delta);
  await device.engine.recordChanges(collection, [{ itemId: id, delta }]);
}

/** Every batch of the collection's log as the server serves it, in seq order. */
async function served(device: NodeDevice, collection: string): Promise<string[]> {
  const out: string[] = [];
  let since: number | undefined = 0;
  while (since !== undefined) {
    const page = await device.transport.changes(hexToBytes(collection), since);
    out.push(...page.changes.map((c) => Buffer.from(c.batch).toString('hex')));
    since = page.next;
  }
  return out;
}

describeOnDatabases('point-in-time restore after a mass delete', (suite) => {
  let lab: DeviceLab;
  let person: Person;
  beforeEach(async () => {
    lab = new DeviceLab(suite.server());
    person = await createPerson(lab);
  });
  afterEach(() => lab.close());

  it('a mass delete reaches B; restoring the backup on A brings every item back as it was, and B converges', async () => {
    const { a, collection } = person;
    const b = await pairDevice(lab, person);
    const now = Date.now();
    const items = Array.from({ length: 25 }, (_, i) => createItem({ type: 'login', name: `Site ${i}`, username: `user${i}`, password: `pw-${i}-Secret!`, urls: [] }, now, cryptoRandom) as LoginItem);
    for (const item of items) await change(a, collection, item.id, fieldsOf(item));
    expectOk(await a.engine.sync(collection), 'A');
    expectOk(await b.engine.sync(collection), 'B');
    const mine = (device: NodeDevice) => itemsOn(device, collection).filter((item) => items.some((i) => i.id === item.id));
    expect(mine(b)).toHaveLength(25);

    const file = await writeBackup(mine(a), BACKUP_PASSWORD, { createdAt: Date.now(), collection }, FAST);

    // After the backup: one item edited, then everything deleted by a signed batch from A.
    const edited = applyEdit(items[0]!, { type: 'login', password: 'changed-after-the-backup' }, Date.now()) as LoginItem;
    await change(a, collection, edited.id, { password: edited.password, history: edited.history, updatedAt: edited.updatedAt });
    for (const item of items.slice(1)) await change(a, collection, item.id, 'delete');
    expectOk(await a.engine.sync(collection), 'A');
    expectOk(await b.engine.sync(collection), 'B');
    expect(mine(b).map((i) => i.id)).toEqual([edited.id]);
    const logBefore = await served(a, collection);

    // Restore on A: preview, then ordinary edits with newer stamps, pushed as a normal batch.
    const backup = await openBackup(file, BACKUP_PASSWORD);
    const plan = planRestore(backup.items, mine(a), Date.now());
    expect({ reAdded: plan.reAdded.length, rolledBack: plan.rolledBack.length, unchanged: plan.unchanged }).toEqual({ reAdded: 24, rolledBack: 1, unchanged: 0 });
    for (const { id, after } of [...plan.reAdded, ...plan.rolledBack]) await change(a, collection, id, fieldsOf(after));
    expectOk(await a.engine.sync(collection), 'A');
    expectOk(await b.engine.sync(collection), 'B');

    const byId = (list: Item[]) => new Map(list.map((i) => [i.id, i]));
    const onB = byId(mine(b));
    expect(onB.size).toBe(25);
    for (const item of items.slice(1)) expect(onB.get(item.id)).toMatchObject({ name: item.name, password: item.password, username: item.username });
    expect(onB.get(edited.id)).toMatchObject({ password: items[0]!.password });
    expect(onB.get(edited.id)?.history.some((h) => h.value === 'changed-after-the-backup')).toBe(true);
    expect(JSON.stringify([...byId(mine(a))].sort())).toBe(JSON.stringify([...onB].sort()));

    // The log was appended to, never rewritten: the delete is still there, the restore came after.
    const log = await served(a, collection);
    expect(log.length).toBeGreaterThan(logBefore.length);
    expect(log.slice(0, logBefore.length)).toEqual(logBefore);
  });
});
