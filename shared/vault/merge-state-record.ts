/**
 * An item's sync merge state (shared/sync/item-merge.ts) at rest: sealed with the key of the
 * collection the item belongs to (XChaCha20-Poly1305), never as plaintext in storage. The merge
 * state holds every field's recent versions, secrets included, so it is as sensitive as the item.
 *
 *   plaintext = frame(UTF-8 JSON of the state)
 *   AD        = CBOR{ kind: "merge-state", v: 1, collection, epoch, itemId, purpose }
 *
 * `purpose` is "state" (the item's whole merge state) or "pending" (the local delta not yet handed
 * to the sync engine), so the two boxes of one item cannot be swapped. The frame is padding.ts's
 * bucket padding when it fits 1 MiB, else a 4-byte length and zero fill to a multiple of 64 KiB
 * (a state keeps up to 51 versions per field, so it may outgrow the record limit).
 *
 * Refuses on open (BAD_RECORD): a box that does not open under this context, a frame that is not
 * canonical, JSON that is not a merge state (stamps, at most 51 versions a field, tombstone).
 */
import { z } from 'zod';
import { open, seal } from '../crypto/aead';
import { encodeVersioned } from '../crypto/cbor-versioned';
import { VaultError } from '../protocol/errors';
import type { MergeState } from '../sync/item-merge';
import type { CollectionKey } from './item-record';
import { LENGTH_PREFIX_BYTES, MAX_PADDED_BYTES, MAX_UNPADDED_BYTES, pad, unpad } from './padding';

export const MERGE_STATE_RECORD_VERSION = 1;
const LARGE_STEP = 64 * 1024;
export type MergeStatePurpose = 'state' | 'pending';

const AD_SCHEMA = {
  kind: 'merge-state',
  version: MERGE_STATE_RECORD_VERSION,
  fields: { collection: 'text', epoch: 'uint', itemId: 'text', purpose: 'text' },
} as const;

const stampSchema = z.object({ wall: z.number().int().min(0), counter: z.number().int().min(0), device: z.string().min(1).max(64) }).strict();
const versionSchema = z.object({ value: z.unknown(), stamp: stampSchema }).strict();
export const mergeStateSchema = z
  .object({
    fields: z.record(z.string().min(1).max(64), z.array(versionSchema).max(51)),
    tombstone: z.object({ stamp: stampSchema, seen: stampSchema }).strict().nullable(),
  })
  .strict();

function ad(key: CollectionKey, itemId: string, purpose: MergeStatePurpose): Uint8Array {
  return encodeVersioned(AD_SCHEMA, { collection: key.collection, epoch: key.epoch, itemId, purpose });
}

function frame(data: Uint8Array): Uint8Array {
  if (data.length <= MAX_UNPADDED_BYTES) return pad(data);
  const out = new Uint8Array(Math.ceil((data.length + LENGTH_PREFIX_BYTES) / LARGE_STEP) * LARGE_STEP);
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, LENGTH_PREFIX_BYTES);
  return out;
}

function unframe(framed: Uint8Array): Uint8Array {
  if (framed.length <= MAX_PADDED_BYTES) return unpad(framed);
  const length = new DataView(framed.buffer, framed.byteOffset, framed.byteLength).getUint32(0);
  const size = Math.ceil((length + LENGTH_PREFIX_BYTES) / LARGE_STEP) * LARGE_STEP;
  if (length <= MAX_UNPADDED_BYTES || size !== framed.length) throw new VaultError('BAD_RECORD', 'merge state frame is not canonical');
  if (framed.subarray(LENGTH_PREFIX_BYTES + length).some((b) => b !== 0)) throw new VaultError('BAD_RECORD', 'merge state fill is not zero');
  return framed.slice(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + length);
}

export function sealMergeState(key: CollectionKey, itemId: string, purpose: MergeStatePurpose, state: MergeState): Uint8Array {
  const framed = frame(new TextEncoder().encode(JSON.stringify(state)));
  try {
    return seal(key.key, framed, ad(key, itemId, purpose));
  } finally {
    framed.fill(0);
  }
}

export function openMergeState(key: CollectionKey, itemId: string, purpose: MergeStatePurpose, sealed: Uint8Array): MergeState {
  let framed: Uint8Array;
  try {
    framed = open(key.key, sealed, ad(key, itemId, purpose));
  } catch {
    throw new VaultError('BAD_RECORD', `merge state of ${itemId} does not open`);
  }
  try {
    const data = unframe(framed);
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
    } catch {
      throw new VaultError('BAD_RECORD', `merge state of ${itemId} is not UTF-8 JSON`);
    }
    const parsed = mergeStateSchema.safeParse(value);
    if (!parsed.success) throw new VaultError('BAD_RECORD', `merge state of ${itemId} does not validate`);
    return parsed.data as MergeState;
  } finally {
    framed.fill(0);
  }
}
