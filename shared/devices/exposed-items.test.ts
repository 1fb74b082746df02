import { describe, expect, it } from 'vitest';
import { applyEdit, createItem } from '../vault/edit-item';
import { countingRandom, DRAFTS } from '../vault/test-fixtures';
import { trashItem } from '../vault/trash';
import { exposedItems } from './exposed-items';

const NOW = 1_700_000_000_000;

describe('exposedItems (what a lost device could read)', () => {
  it('lists every item, machine secrets first, with history counted and trashed items marked; no secret value', () => {
    const random = countingRandom();
    const login = createItem(DRAFTS.login, NOW, random);
    const edited = applyEdit(login, { ...DRAFTS.login, password: 'a-newer-password-42' }, NOW + 1);
    const note = trashItem(createItem(DRAFTS.note, NOW, random), NOW + 2);
    const apiKey = createItem(DRAFTS['api-key'], NOW, random);
    const ssh = createItem(DRAFTS['ssh-key'], NOW, random);
    const out = exposedItems([edited, note, apiKey, ssh]);
    expect(out.map((i) => [i.type, i.machine])).toEqual([
      ['api-key', true],
      ['ssh-key', true],
      ['login', false],
      ['note', false],
    ]);
    expect(out.find((i) => i.type === 'login')).toMatchObject({ history: edited.history.length, trashed: false });
    expect(edited.history.length).toBeGreaterThan(0);
    expect(out.find((i) => i.type === 'note')).toMatchObject({ trashed: true });
    const text = JSON.stringify(out);
    for (const secret of ['hunter2-but-longer', 'a-newer-password-42', 'front 1234']) expect(text).not.toContain(secret);
  });

  it('an empty vault exposes nothing', () => {
    expect(exposedItems([])).toEqual([]);
  });
});
