import { describe, expect, it } from 'vitest';
import { applyEdit, createItem } from '../edit-item';
import { ITEM_TYPES } from '../item-types';
import { trashItem } from '../trash';
import { countingRandom, DRAFTS } from '../test-fixtures';
import { openBackup, writeBackup } from './backup-file';
import { planRestore } from './restore-plan';

const NOW = 1_700_000_000_000;
const LATER = NOW + 86_400_000;

describe('point-in-time restore plan', () => {
  it('re-adds deleted items, rolls back edited and trashed ones, keeps newer ones, leaves the same ones alone', async () => {
    const random = countingRandom(9);
    const items = ITEM_TYPES.map((type) => createItem(DRAFTS[type], NOW, random));
    // The backup goes through the file, so key order and types are as a real restore sees them.
    const backup = (await openBackup(await writeBackup(items, 'pw-for-the-plan-test', { createdAt: NOW, collection: 'c' }, { m: 19456, t: 2, p: 1 }), 'pw-for-the-plan-test')).items;
    const [login, note, ...rest] = items;
    const editedLogin = applyEdit(login!, { type: 'login', password: 'the-new-password-0' }, LATER);
    const trashedNote = trashItem(note!, LATER);
    const newer = createItem({ type: 'note', name: 'Made after the backup' }, LATER, random);
    const current = [editedLogin, trashedNote, ...rest.slice(2), newer];

    const plan = planRestore(backup, current, LATER + 1);
    expect(plan.reAdded.map((c) => c.id).sort()).toEqual(rest.slice(0, 2).map((i) => i.id).sort());
    expect(plan.rolledBack.map((c) => c.id).sort()).toEqual([login!.id, note!.id].sort());
    expect(plan.unchanged).toBe(rest.length - 2);
    expect(plan.kept).toBe(1);

    const restoredLogin = plan.rolledBack.find((c) => c.id === login!.id)!.after;
    expect(restoredLogin).toMatchObject({ password: (login as { password: string }).password, updatedAt: LATER + 1 });
    expect(restoredLogin.history.at(-1)).toEqual({ field: 'password', value: 'the-new-password-0', changedAt: LATER + 1 });
    expect(plan.rolledBack.find((c) => c.id === note!.id)!.after.trashedAt).toBeNull();
    for (const change of plan.reAdded) expect(change.before).toBeUndefined();
  });

  it('plans nothing when the collection is as the backup holds it', () => {
    const random = countingRandom(2);
    const items = ITEM_TYPES.map((type) => createItem(DRAFTS[type], NOW, random));
    expect(planRestore(items, items, LATER)).toEqual({ reAdded: [], rolledBack: [], unchanged: items.length, kept: 0 });
  });
});
