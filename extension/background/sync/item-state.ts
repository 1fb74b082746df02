/**
 * Items as sync merge states (DESIGN.md §6 "Merge", shared/sync/item-merge.ts): every property of
 * an item but its id is one merge field (`history` too, so history written before sync or for a
 * hidden custom field travels), a local edit is the field-level diff of the item before and after,
 * and the item a device shows is materialized from the merged state.
 *
 * - An optional property that an edit removes (a folder, a TOTP seed, an expiry) becomes `null`
 *   in the state and is absent from the materialized item; `trashedAt` keeps its null.
 * - The losers of each secret field (and of hidden custom fields) join the item's history, so a
 *   password overwritten by a concurrent edit on another device is not lost (newest 50 kept).
 * - A merged view that is not a valid item (a newer format, a bad value from a peer) is reported
 *   `invalid` with the reason: the caller quarantines it and shows nothing new.
 */
import { canonicalJson } from '../../../shared/sync/engine/canonical-json';
import type { MergeState } from '../../../shared/sync/item-merge';
import { view } from '../../../shared/sync/item-merge';
import { encodeItem } from '../../../shared/vault/item-codec';
import { itemSchema, LIMITS, secretFieldsOf, secretValuesOf, type HistoryEntry, type Item } from '../../../shared/vault/item-types';

/** Properties that are null in a valid item rather than absent. */
const NULLABLE = new Set(['trashedAt']);

/**
 * The merge fields of an item: every property but `id`, each value with its object keys in the
 * canonical order the sync engine sends them in (canonical-json.ts), so a version read back from
 * a batch compares equal to the one written here.
 */
export function itemFields(item: Item): Record<string, unknown> {
  const { id: _id, ...fields } = item;
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined).map(([name, value]) => [name, JSON.parse(canonicalJson(value)) as unknown]));
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The fields that differ between `before` (absent for a new item) and `after`; removed ones are null. */
export function itemDelta(before: Item | undefined, after: Item): Record<string, unknown> {
  const a: Record<string, unknown> = before === undefined ? {} : itemFields(before);
  const b = itemFields(after);
  const changes: Record<string, unknown> = {};
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const next = Object.hasOwn(b, name) ? b[name] : null;
    if (before === undefined || !same(a[name] ?? null, next)) changes[name] = next;
  }
  return changes;
}

export type Materialized =
  | { kind: 'item'; item: Item; restoredBy: string | null }
  | { kind: 'deleted' }
  | { kind: 'invalid'; reason: string };

/** What a merged state shows: the item, deleted, or invalid (to be quarantined). */
export function materialize(id: string, state: MergeState): Materialized {
  const merged = view(state);
  if (merged.deleted) return { kind: 'deleted' };
  const candidate: Record<string, unknown> = { id };
  for (const [name, value] of Object.entries(merged.values)) {
    if (value === null && !NULLABLE.has(name)) continue;
    candidate[name] = structuredClone(value);
  }
  const parsed = itemSchema.safeParse(candidate);
  if (!parsed.success) return { kind: 'invalid', reason: parsed.error.issues[0]?.path.join('.') ?? 'item' };
  const item = withLoserHistory(parsed.data, merged.history);
  try {
    encodeItem(item);
  } catch {
    return { kind: 'invalid', reason: 'too large' };
  }
  return { kind: 'item', item, restoredBy: merged.restoredBy };
}

/** Adds the secret values that lost a merge to the item's history (deduplicated, newest 50). */
function withLoserHistory(item: Item, losers: ReturnType<typeof view>['history']): Item {
  const current = secretValuesOf(item);
  const entries: HistoryEntry[] = [...item.history];
  const known = new Set(entries.map((h) => `${h.field}\u0000${h.value}`));
  const secretFields = new Set<string>([...secretFieldsOf(item.type), 'customFields']);
  for (const loser of losers) {
    if (!secretFields.has(loser.field)) continue;
    const shape = { ...item, [loser.field]: loser.value } as Item;
    const parsed = itemSchema.safeParse(shape);
    if (!parsed.success) continue;
    for (const [field, value] of secretValuesOf(parsed.data)) {
      const key = `${field}\u0000${value}`;
      if (current.get(field) === value || known.has(key)) continue;
      known.add(key);
      entries.push({ field, value, changedAt: loser.stamp.wall });
    }
  }
  if (entries.length === item.history.length) return item;
  entries.sort((x, y) => x.changedAt - y.changedAt);
  return { ...item, history: entries.slice(-LIMITS.history) };
}
