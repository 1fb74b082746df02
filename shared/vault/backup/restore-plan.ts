/**
 * Point-in-time restore of a collection from a backup (issue 11, DESIGN.md §9 "restore to a point
 * in time (a signed batch that restores items as they were)"; docs/backups.md). Pure: compares the
 * backup's items with the collection's items now and returns the changes to write as ordinary
 * local edits, which the sync engine then signs and pushes as one normal batch with newer HLC
 * stamps. The log is never rewritten: the mass delete stays in history; the restore comes after it.
 *
 * - **re-added**: in the backup, gone now (deleted, purged, or never on this device): written back
 *   with its id, fields, trash state and history; a newer stamp beats the old tombstone.
 * - **rolled back**: in both, with different content or trash state: the backup's fields and trash
 *   state; the secrets it replaces go to the item's history (as an edit would), nothing is lost.
 * - **unchanged**: in both, same content. **kept**: only in the collection now (made after the
 *   backup); left alone, never deleted by a restore.
 * Refuses: an item whose type changed since (INVALID_ITEM; ids are random, so only a forged backup).
 */
import { VaultError } from '../../protocol/errors';
import { itemSchema, LIMITS, secretValuesOf, type HistoryEntry, type Item } from '../item-types';

export interface RestoreChange {
  readonly id: string;
  readonly before: Item | undefined;
  readonly after: Item;
}

export interface RestorePlan {
  readonly reAdded: RestoreChange[];
  readonly rolledBack: RestoreChange[];
  readonly unchanged: number;
  readonly kept: number;
}

/** JSON with object keys sorted at every level (a backup's CBOR orders keys differently). */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The content a person sees: everything but the vault's own bookkeeping. */
function content(item: Item): string {
  const { updatedAt: _u, history: _h, createdAt: _c, ...rest } = item;
  return stable(rest);
}

function replacedSecrets(current: Item, restored: Item, now: number): HistoryEntry[] {
  const next = secretValuesOf(restored);
  return [...secretValuesOf(current)].filter(([field, value]) => next.get(field) !== value).map(([field, value]) => ({ field, value, changedAt: now }));
}

function rolledBack(current: Item, backup: Item, now: number): Item {
  if (current.type !== backup.type) throw new VaultError('INVALID_ITEM', `item ${backup.id}: its type changed since the backup`);
  const history = [...current.history, ...replacedSecrets(current, backup, now)].slice(-LIMITS.history);
  return itemSchema.parse({ ...backup, createdAt: current.createdAt, updatedAt: Math.max(now, current.updatedAt), history });
}

export function planRestore(backup: readonly Item[], current: readonly Item[], now: number): RestorePlan {
  const byId = new Map(current.map((item) => [item.id, item]));
  const inBackup = new Set(backup.map((item) => item.id));
  const plan: RestorePlan = { reAdded: [], rolledBack: [], unchanged: 0, kept: current.filter((item) => !inBackup.has(item.id)).length };
  for (const item of backup) {
    const now_ = byId.get(item.id);
    if (now_ === undefined) {
      plan.reAdded.push({ id: item.id, before: undefined, after: itemSchema.parse({ ...item, updatedAt: Math.max(now, item.updatedAt) }) });
    } else if (content(now_) === content(item)) {
      (plan as { unchanged: number }).unchanged++;
    } else {
      plan.rolledBack.push({ id: item.id, before: now_, after: rolledBack(now_, item, now) });
    }
  }
  return plan;
}
