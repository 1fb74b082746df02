/**
 * Committing an import: every draft of an `ImportResult` becomes a new `Item` through `createItem`
 * (fresh random ids, `now` as created and updated time) before anything is stored, so the caller
 * writes all items or none.
 *
 * Refuses with IMPORT_FORMAT naming the entry if any draft fails (which `finishImport`'s trial
 * creation makes unexpected), and leaves nothing half created: the list is returned only whole.
 */
import { VaultError } from '../../protocol/errors';
import { createItem } from '../edit-item';
import type { RandomBytes } from '../item-id';
import type { Item } from '../item-types';
import { entryLabel, type ImportResult } from './types';

export function createImportedItems(result: ImportResult, now: number, random: RandomBytes): Item[] {
  return result.drafts.map((draft, i) => {
    try {
      return createItem(draft, now, random);
    } catch (error) {
      if (error instanceof VaultError && error.code === 'INVALID_ITEM') {
        throw new VaultError('IMPORT_FORMAT', `entry ${entryLabel(draft.name ?? '', i + 1)}: ${error.message}`);
      }
      throw error;
    }
  });
}
