/**
 * Checkpoint manifests (docs/decisions/008-compact-checkpoints.md): what a trusted writer states
 * about a collection log at one position so that the server may drop the bytes of every batch up to
 * it. A checkpoint is ordinary signed batches of one device (DESIGN.md §6 "Log"): *parts*, whose
 * records carry the full merge state of every live item, then one *manifest* batch whose only record
 * is a sealed `meta` record on the reserved item id (16 zero bytes) holding, in canonical CBOR
 * (RFC 8949 §4.2.1, via cbor-versioned.ts):
 *
 *   { kind: "checkpoint", v: 1,
 *     base:   { seq, head },                      the log position it covers (= the batch's `seen`)
 *     runs:   [ { device, identity, counter, last, identitySeq, collectionSeq } ],   every device's run at base
 *     identityHigh: [ { identity, seq } ], collectionHigh: uint,   highest chain seqs referenced up to base
 *     parts:  [ batch id ],                       the part batches, in counter order, just before the manifest
 *     items:  uint, retentionMs: uint, createdAt: uint }
 *
 * Decoding refuses (BAD_ENCODING): anything but that one encoding, ids and hashes of the wrong
 * length, runs or identities listed twice or out of order, a run with counter 0; (UNKNOWN_VERSION)
 * another version.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decodeVersioned, encodeVersioned, type FieldsOf } from '../crypto/cbor-versioned';
import { VaultError } from '../protocol/errors';
import { DEVICE_ID_LENGTH, HASH_LENGTH, IDENTITY_ID_LENGTH, ITEM_ID_LENGTH, type BatchRecord, type Position } from './batch';
import type { PinnedLog } from './pinned-log';

export const CHECKPOINT_VERSION = 1;
/** The item id of the manifest record: no vault item has it (item ids are random 128-bit values). */
export const CHECKPOINT_ITEM: Uint8Array = new Uint8Array(ITEM_ID_LENGTH);

const SCHEMA = {
  kind: 'checkpoint',
  version: CHECKPOINT_VERSION,
  fields: {
    base: { map: { seq: 'uint', head: 'bytes' } },
    runs: { list: { map: { device: 'bytes', identity: 'bytes', counter: 'uint', last: 'bytes', identitySeq: 'uint', collectionSeq: 'uint' } } },
    identityHigh: { list: { map: { identity: 'bytes', seq: 'uint' } } },
    collectionHigh: 'uint',
    parts: { list: 'bytes' },
    items: 'uint',
    retentionMs: 'uint',
    createdAt: 'uint',
  },
} as const;

export type CheckpointManifest = FieldsOf<typeof SCHEMA.fields>;
export type CheckpointRun = CheckpointManifest['runs'][number];

function checkLength(value: Uint8Array, want: number, name: string): void {
  if (value.length !== want) throw new VaultError('BAD_ENCODING', `checkpoint field ${name} must be ${want} bytes`);
}

function checkSorted(keys: readonly string[], name: string): void {
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! >= keys[i]!) throw new VaultError('BAD_ENCODING', `checkpoint ${name} must be listed once each, in order`);
  }
}

function checkManifest(manifest: CheckpointManifest): void {
  checkLength(manifest.base.head, HASH_LENGTH, 'base.head');
  for (const run of manifest.runs) {
    checkLength(run.device, DEVICE_ID_LENGTH, 'runs.device');
    checkLength(run.identity, IDENTITY_ID_LENGTH, 'runs.identity');
    checkLength(run.last, HASH_LENGTH, 'runs.last');
    if (run.counter < 1) throw new VaultError('BAD_ENCODING', 'a checkpoint run has counter ≥ 1');
  }
  for (const high of manifest.identityHigh) checkLength(high.identity, IDENTITY_ID_LENGTH, 'identityHigh.identity');
  for (const part of manifest.parts) checkLength(part, HASH_LENGTH, 'parts');
  checkSorted(manifest.runs.map((run) => bytesToHex(run.device)), 'runs');
  checkSorted(manifest.identityHigh.map((high) => bytesToHex(high.identity)), 'identityHigh');
}

/** The canonical bytes of a manifest; refuses (BAD_INPUT) one that would not decode. */
export function encodeCheckpoint(manifest: CheckpointManifest): Uint8Array {
  try {
    checkManifest(manifest);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  return encodeVersioned(SCHEMA, manifest);
}

/** Decode a manifest strictly. */
export function decodeCheckpoint(bytes: Uint8Array): CheckpointManifest {
  const manifest = decodeVersioned(SCHEMA, bytes);
  checkManifest(manifest);
  return manifest;
}

/** True for the manifest record of a checkpoint (a `meta` record on the reserved item id). */
export function isCheckpointRecord(record: BatchRecord): boolean {
  return record.kind === 'meta' && record.item.every((byte) => byte === 0);
}

/** What a manifest states about the pinned log at its base: runs, chain highs, the base position. */
export function manifestOf(log: PinnedLog, parts: readonly Uint8Array[], items: number, retentionMs: number, createdAt: number): CheckpointManifest {
  const runs = Object.entries(log.devices)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([device, pin]) => ({
      device: hexToBytes(device),
      identity: hexToBytes(pin.identity),
      counter: pin.counter,
      last: hexToBytes(pin.batches[pin.counter - 1] ?? ''),
      identitySeq: pin.identitySeq,
      collectionSeq: pin.collectionSeq,
    }));
  const identityHigh = Object.entries(log.identityHigh)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([identity, seq]) => ({ identity: hexToBytes(identity), seq }));
  const base: Position = { seq: log.seq, head: hexToBytes(log.heads[log.seq] ?? '') };
  return { base, runs, identityHigh, collectionHigh: log.collectionHigh, parts: [...parts], items, retentionMs, createdAt };
}
