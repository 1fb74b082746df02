/**
 * Sealing and opening a batch record's payload (DESIGN.md §6 "Records"): the plaintext is padded to a
 * bucket (shared/vault/padding.ts) and sealed with XChaCha20-Poly1305 (aead.ts) under the collection
 * key of one epoch. The associated data is the canonical CBOR (RFC 8949 §4.2.1)
 *   { kind: "record-ad", v: 1, identity, collection, epoch, recordKind, item, rev, hlc, author, bucket }
 * built from TRUSTED context only: the collection from the log being read, the epoch from the key used,
 * the author from the batch signer (a device id), the bucket from the padded length. A record moved
 * to another item, kind, revision, HLC, collection, epoch or author therefore does not open.
 *
 * Refuses on open (BAD_RECORD, never a freeze: one member cannot stop a team's sync): a box whose
 * padded length is not a bucket, any box that does not authenticate, padding that is not canonical.
 * On seal: a key that is not 32 bytes or a plaintext over the largest bucket (BAD_INPUT).
 */
import { AEAD_OVERHEAD, open, seal } from '../crypto/aead';
import { encodeVersioned } from '../crypto/cbor-versioned';
import { VaultError } from '../protocol/errors';
import { isBucketSize, pad, unpad } from '../vault/padding';
import type { BatchRecord, RecordKind } from './batch';
import type { Hlc } from './hlc';

export const RECORD_AD_VERSION = 1;

const RECORD_AD_SCHEMA = {
  kind: 'record-ad',
  version: RECORD_AD_VERSION,
  fields: {
    identity: 'bytes',
    collection: 'bytes',
    epoch: 'uint',
    recordKind: 'text',
    item: 'bytes',
    rev: 'uint',
    hlc: { map: { wall: 'uint', counter: 'uint' } },
    author: 'bytes',
    bucket: 'uint',
  },
} as const;

/** Where a record is read or written, from trusted context: never from the record itself. */
export interface RecordContext {
  /** The identity (or team) the collection belongs to. */
  readonly identity: Uint8Array;
  /** The collection whose log holds the batch. */
  readonly collection: Uint8Array;
  /** The epoch of `key`. */
  readonly epoch: number;
  /** The collection key of that epoch, 32 bytes. */
  readonly key: Uint8Array;
  /** The device id that signed (or will sign) the batch. */
  readonly author: Uint8Array;
}

/** The part of a record that is sent in clear and bound into its associated data. */
export interface RecordHeader {
  readonly kind: RecordKind;
  readonly item: Uint8Array;
  readonly rev: number;
  readonly hlc: Hlc;
}

/** The associated data of a record under `context`, for a padded payload of `bucket` bytes. */
export function recordAd(context: RecordContext, header: RecordHeader, bucket: number): Uint8Array {
  return encodeVersioned(RECORD_AD_SCHEMA, {
    identity: context.identity,
    collection: context.collection,
    epoch: context.epoch,
    recordKind: header.kind,
    item: header.item,
    rev: header.rev,
    hlc: { wall: header.hlc.wall, counter: header.hlc.counter },
    author: context.author,
    bucket,
  });
}

/** Pad and seal `plaintext` into a record. The padded copy is zeroed afterwards. */
export function sealRecord(context: RecordContext, header: RecordHeader, plaintext: Uint8Array): BatchRecord {
  const padded = pad(plaintext);
  try {
    const sealed = seal(context.key, padded, recordAd(context, header, padded.length));
    return { kind: header.kind, item: header.item.slice(), rev: header.rev, hlc: { wall: header.hlc.wall, counter: header.hlc.counter }, sealed };
  } finally {
    padded.fill(0);
  }
}

/** Open a record under trusted `context`; the unpadded plaintext, or BAD_RECORD. */
export function openRecord(context: RecordContext, record: BatchRecord): Uint8Array {
  const bucket = record.sealed.length - AEAD_OVERHEAD;
  if (!isBucketSize(bucket)) throw new VaultError('BAD_RECORD', 'record is not padded to a bucket');
  let padded: Uint8Array;
  try {
    padded = open(context.key, record.sealed, recordAd(context, record, bucket));
  } catch {
    throw new VaultError('BAD_RECORD', 'record does not open in this context');
  }
  try {
    return unpad(padded);
  } finally {
    padded.fill(0);
  }
}
