import { describe, expect, it } from 'vitest';
import { createItem } from './edit-item';
import { isPurgeable, isTrashed, restoreItem, trashItem, TRASH_RETENTION_MS } from './trash';
import { countingRandom, DRAFTS } from './test-fixtures';

const NOW = 1_700_000_000_000;

describe('trash', () => {
  const login = createItem(DRAFTS.login, NOW, countingRandom());

  it('trashes and restores without touching fields or history, returning new items', () => {
    const trashed = trashItem(login, NOW + 10);
    expect(trashed).not.toBe(login);
    expect(login.trashedAt).toBeNull();
    expect(isTrashed(trashed)).toBe(true);
    expect(trashed).toEqual({ ...login, trashedAt: NOW + 10, updatedAt: NOW + 10 });
    const restored = restoreItem(trashed, NOW + 20);
    expect(isTrashed(restored)).toBe(false);
    expect(restored).toEqual({ ...login, updatedAt: NOW + 20 });
  });

  it('is idempotent', () => {
    const trashed = trashItem(login, NOW + 10);
    expect(trashItem(trashed, NOW + 99)).toBe(trashed);
    expect(restoreItem(login, NOW + 99)).toBe(login);
  });

  it('makes an item purgeable only after the retention period', () => {
    const trashed = trashItem(login, NOW);
    expect(isPurgeable(trashed, NOW + TRASH_RETENTION_MS - 1)).toBe(false);
    expect(isPurgeable(trashed, NOW + TRASH_RETENTION_MS)).toBe(true);
    expect(isPurgeable(login, NOW + 10 * TRASH_RETENTION_MS)).toBe(false);
  });
});
