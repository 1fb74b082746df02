/**
 * Batches (DESIGN.md §6 "Log"): the unit a device pushes to a collection's log, signed once by that
 * device with Ed25519 (RFC 8032, strict) under the context "batch/v1".
 *
 * A batch is the canonical CBOR (RFC 8949 §4.2.1, via cbor-versioned.ts) envelope
 *   { kind: "batch-envelope", v: 1, body: bytes, sig: bytes(64) }
 * where `body` is the exact bytes of
 *   { kind: "batch", v: 1, identity, collection, epoch, device, signer, counter, prev, seen, chains, records }
 * and `sig` signs `body`. `batch_id` = SHA-256 of the envelope bytes; the same device's next batch in
 * the same collection carries it as `prev` (32 zero bytes before its first batch, counter 1).
 * `signer` is the device's Ed25519 public key, so a signature is checked before any trust question
 * is asked; the verifier then requires the identity chain to bind that key to `device`.
 * Byte layout: docs/formats.md "Batches and records".
 *
 * Decoding refuses (BAD_ENCODING): anything but the one canonical encoding, a missing or extra field at
 * any depth, a wrong type, a byte field of the wrong length, a counter of 0, an unknown record kind, a
 * sealed record shorter than an AEAD box; (UNKNOWN_VERSION) any version other than 1.
 * `decodeBatch` does not check the signature: `verifyBatchSignature` (or verify-batch.ts) does.
 */
import { AEAD_OVERHEAD } from '../crypto/aead';
import { decodeVersioned, encodeVersioned, type FieldsOf } from '../crypto/cbor-versioned';
import { sign, verify } from '../crypto/ed25519';
import { sha256 } from '../crypto/hash';
import { VaultError } from '../protocol/errors';
import type { Hlc } from './hlc';

export const BATCH_VERSION = 1;
export const HASH_LENGTH = 32;
export const IDENTITY_ID_LENGTH = 32;
export const COLLECTION_ID_LENGTH = 16;
export const DEVICE_ID_LENGTH = 16;
export const ITEM_ID_LENGTH = 16;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;
/** The `prev` of a device's first batch in a collection, and the log head before any batch. */
export const ZERO_HASH: Uint8Array = new Uint8Array(HASH_LENGTH);

export const RECORD_KINDS = ['item', 'tombstone', 'meta'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

const POSITION = { map: { seq: 'uint', head: 'bytes' } } as const;
const RECORD = {
  map: { kind: 'text', item: 'bytes', rev: 'uint', hlc: { map: { wall: 'uint', counter: 'uint' } }, sealed: 'bytes' },
} as const;

const BODY_SCHEMA = {
  kind: 'batch',
  version: BATCH_VERSION,
  fields: {
    identity: 'bytes',
    collection: 'bytes',
    epoch: 'uint',
    device: 'bytes',
    signer: 'bytes',
    counter: 'uint',
    prev: 'bytes',
    seen: POSITION,
    chains: { map: { identity: POSITION, collection: POSITION } },
    records: { list: RECORD },
  },
} as const;

const ENVELOPE_SCHEMA = { kind: 'batch-envelope', version: BATCH_VERSION, fields: { body: 'bytes', sig: 'bytes' } } as const;

/** A position in a log or chain: the seq of its last entry and the hash there. */
export interface Position {
  seq: number;
  head: Uint8Array;
}

/** One record: a padded, sealed payload and the header that is bound into its associated data. */
export interface BatchRecord {
  kind: RecordKind;
  item: Uint8Array;
  rev: number;
  hlc: Hlc;
  sealed: Uint8Array;
}

/** The signed fields of a batch. */
export interface BatchFields {
  identity: Uint8Array;
  collection: Uint8Array;
  epoch: number;
  device: Uint8Array;
  signer: Uint8Array;
  counter: number;
  prev: Uint8Array;
  /** The log position the device had pulled when it made the batch. */
  seen: Position;
  /** The identity and collection chain heads the batch was made under. */
  chains: { identity: Position; collection: Position };
  records: BatchRecord[];
}

/** A decoded batch: its exact bytes, id, body bytes, signature and fields. */
export interface Batch {
  readonly bytes: Uint8Array;
  readonly batchId: Uint8Array;
  readonly bodyBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly fields: BatchFields;
}

function checkLength(value: Uint8Array, want: number, name: string): void {
  if (value.length !== want) throw new VaultError('BAD_ENCODING', `batch field ${name} must be ${want} bytes`);
}

function checkRecord(record: BatchRecord, index: number): void {
  if (!(RECORD_KINDS as readonly string[]).includes(record.kind)) {
    throw new VaultError('BAD_ENCODING', `record ${index}: unknown kind`);
  }
  checkLength(record.item, ITEM_ID_LENGTH, `records[${index}].item`);
  if (record.sealed.length < AEAD_OVERHEAD) throw new VaultError('BAD_ENCODING', `record ${index}: sealed box too short`);
}

/** The rules a schema cannot express: fixed lengths, counter ≥ 1, record kinds. */
function checkFields(fields: BatchFields): void {
  checkLength(fields.identity, IDENTITY_ID_LENGTH, 'identity');
  checkLength(fields.collection, COLLECTION_ID_LENGTH, 'collection');
  checkLength(fields.device, DEVICE_ID_LENGTH, 'device');
  checkLength(fields.signer, PUBLIC_KEY_LENGTH, 'signer');
  checkLength(fields.prev, HASH_LENGTH, 'prev');
  checkLength(fields.seen.head, HASH_LENGTH, 'seen.head');
  checkLength(fields.chains.identity.head, HASH_LENGTH, 'chains.identity.head');
  checkLength(fields.chains.collection.head, HASH_LENGTH, 'chains.collection.head');
  if (fields.counter < 1) throw new VaultError('BAD_ENCODING', 'batch counter starts at 1');
  fields.records.forEach(checkRecord);
}

/** The exact body bytes of `fields`; refuses (BAD_INPUT) fields that would not decode. */
export function encodeBatchBody(fields: BatchFields): Uint8Array {
  try {
    checkFields(fields);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  return encodeVersioned(BODY_SCHEMA, fields as unknown as FieldsOf<typeof BODY_SCHEMA.fields>);
}

/** SHA-256 of a batch's exact envelope bytes. */
export function batchIdOf(bytes: Uint8Array): Uint8Array {
  return sha256(bytes);
}

/** Sign `fields` with the device's seed under "batch/v1": the exact envelope bytes and the batch id. */
export function signBatch(fields: BatchFields, seed: Uint8Array): { bytes: Uint8Array; batchId: Uint8Array } {
  const body = encodeBatchBody(fields);
  const sig = sign('batch/v1', seed, body);
  const bytes = encodeVersioned(ENVELOPE_SCHEMA, { body, sig });
  return { bytes, batchId: batchIdOf(bytes) };
}

/** Decode a batch strictly (no signature check). */
export function decodeBatch(bytes: Uint8Array): Batch {
  const envelope = decodeVersioned(ENVELOPE_SCHEMA, bytes);
  checkLength(envelope.sig, SIGNATURE_LENGTH, 'sig');
  const fields = decodeVersioned(BODY_SCHEMA, envelope.body) as unknown as BatchFields;
  checkFields(fields);
  return { bytes: bytes.slice(), batchId: batchIdOf(bytes), bodyBytes: envelope.body, signature: envelope.sig, fields };
}

/** True when the batch's signature verifies under its own `signer` key with context "batch/v1". */
export function batchSignatureValid(batch: Batch): boolean {
  return verify('batch/v1', batch.fields.signer, batch.bodyBytes, batch.signature);
}
