/**
 * Merging concurrent edits of one item (DESIGN.md §6 "Merge"), as a state-based CRDT, so every
 * device converges to the same item whatever order batches arrive in:
 *
 * - Per field, last writer wins by stamp (HLC, then device id); the losing values are not lost but
 *   become the item's history (the newest HISTORY_LIMIT versions of each field are kept).
 * - Concurrent edits of different fields both survive (fields merge independently).
 * - A delete records the newest field stamp its author had seen (`seen`). The item is deleted
 *   only while no field version is newer than that: an edit the deleter had not seen (concurrent or
 *   later) beats the delete, and `restoredBy` names who restored it, so the popup can say
 *   "restored because X edited it".
 *
 * Merge is commutative, associative and idempotent (property-tested); the versions kept per field
 * are the top-N by stamp of the union, which keeps those laws.
 */
import { compareStamps, type Stamp } from './hlc';

export const HISTORY_LIMIT = 50;

export interface FieldVersion {
  readonly value: unknown;
  readonly stamp: Stamp;
}

export interface Tombstone {
  readonly stamp: Stamp;
  /** The newest field stamp the deleting device had seen. */
  readonly seen: Stamp;
}

export interface MergeState {
  /** Per field: versions, newest first, at most HISTORY_LIMIT + 1. */
  readonly fields: Readonly<Record<string, readonly FieldVersion[]>>;
  readonly tombstone: Tombstone | null;
}

export const EMPTY_STATE: MergeState = { fields: {}, tombstone: null };

/** Newest first; equal stamps (impossible from honest devices) still order the same everywhere. */
const newestFirst = (a: FieldVersion, b: FieldVersion) => {
  const byStamp = compareStamps(b.stamp, a.stamp);
  if (byStamp !== 0) return byStamp;
  const [x, y] = [JSON.stringify(a.value), JSON.stringify(b.value)];
  return x === y ? 0 : x < y ? -1 : 1;
};
const sameVersion = (a: FieldVersion, b: FieldVersion) => newestFirst(a, b) === 0;

function mergeVersions(a: readonly FieldVersion[], b: readonly FieldVersion[]): FieldVersion[] {
  const all = [...a, ...b].sort(newestFirst);
  const unique = all.filter((version, i) => i === 0 || !sameVersion(version, all[i - 1]!));
  return unique.slice(0, HISTORY_LIMIT + 1);
}

function laterTombstone(a: Tombstone | null, b: Tombstone | null): Tombstone | null {
  if (a === null) return b;
  if (b === null) return a;
  const bySeen = compareStamps(a.seen, b.seen);
  if (bySeen !== 0) return bySeen > 0 ? a : b;
  return compareStamps(a.stamp, b.stamp) >= 0 ? a : b;
}

export function merge(a: MergeState, b: MergeState): MergeState {
  const names = new Set([...Object.keys(a.fields), ...Object.keys(b.fields)]);
  const fields: Record<string, FieldVersion[]> = {};
  for (const name of [...names].sort()) fields[name] = mergeVersions(a.fields[name] ?? [], b.fields[name] ?? []);
  return { fields, tombstone: laterTombstone(a.tombstone, b.tombstone) };
}

/** A local edit: the given fields take new values at `stamp`. */
export function edit(state: MergeState, changes: Readonly<Record<string, unknown>>, stamp: Stamp): MergeState {
  const fields: MergeState['fields'] = Object.fromEntries(Object.entries(changes).map(([name, value]) => [name, [{ value, stamp }]]));
  return merge(state, { fields, tombstone: null });
}

/** A local delete, remembering the newest version this device has seen. */
export function remove(state: MergeState, stamp: Stamp): MergeState {
  const seen = newestStamp(state) ?? stamp;
  return merge(state, { fields: {}, tombstone: { stamp, seen } });
}

function newestStamp(state: MergeState): Stamp | null {
  let newest: Stamp | null = null;
  for (const versions of Object.values(state.fields)) {
    const top = versions[0]?.stamp;
    if (top !== undefined && (newest === null || compareStamps(top, newest) > 0)) newest = top;
  }
  return newest;
}

export interface MergedItem {
  readonly values: Readonly<Record<string, unknown>>;
  readonly history: readonly { field: string; value: unknown; stamp: Stamp }[];
  readonly deleted: boolean;
  /** Set when a delete lost to an edit its author had not seen: the device that edited. */
  readonly restoredBy: string | null;
}

/** What the item looks like after merging: winners, the losers as history, deleted or restored. */
export function view(state: MergeState): MergedItem {
  const values: Record<string, unknown> = {};
  const history: { field: string; value: unknown; stamp: Stamp }[] = [];
  for (const [field, versions] of Object.entries(state.fields)) {
    const [winner, ...losers] = versions;
    if (winner !== undefined) values[field] = winner.value;
    for (const loser of losers.slice(0, HISTORY_LIMIT)) history.push({ field, value: loser.value, stamp: loser.stamp });
  }
  history.sort((x, y) => compareStamps(y.stamp, x.stamp));
  const newest = newestStamp(state);
  const { tombstone } = state;
  const editBeatDelete = tombstone !== null && newest !== null && compareStamps(newest, tombstone.seen) > 0;
  return {
    values,
    history,
    deleted: tombstone !== null && !editBeatDelete,
    restoredBy: editBeatDelete && newest !== null ? newest.device : null,
  };
}
