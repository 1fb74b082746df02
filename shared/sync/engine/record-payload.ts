/**
 * The plaintext of a batch record (DESIGN.md §6 "Records"): a *delta* merge state of one item, i.e.
 * some field versions and/or a tombstone (item-merge.ts). The merge is a union CRDT, so a delta is a
 * valid state and merging it in any order converges. Canonical CBOR (RFC 8949 §4.2.1, via
 * cbor-versioned.ts), sealed and padded by record-crypto.ts:
 *
 *   { kind: "item-delta", v: 1,
 *     fields:    [ { name: text, versions: [ { value: text, wall: uint, counter: uint, device: text } ] } ],
 *     tombstone: [ { wall, counter, device, seen: { wall, counter, device } } ]   (zero or one) }
 *
 * `value` is the canonical JSON text of the field value (canonical-json.ts); `device` is the stamping
 * device's hex id (32 lowercase hex digits). The encoder writes the normal form the merge produces
 * (fields by name, versions newest first, duplicates removed, at most HISTORY_LIMIT + 1 per field;
 * fields without versions left out), so equal states have equal bytes.
 *
 * Decoding refuses (BAD_RECORD) anything but that one encoding: another kind or version, unknown or
 * missing fields, a device that is not 32 hex digits, a value that is not canonical JSON, a
 * field without versions, more than one tombstone, or a payload that is not in normal form.
 */
import { equalBytes } from '../../crypto/constant-time';
import { decodeVersioned, encodeVersioned, type FieldsOf } from '../../crypto/cbor-versioned';
import { VaultError } from '../../protocol/errors';
import { compareStamps, type Stamp } from '../hlc';
import { EMPTY_STATE, type FieldVersion, merge, type MergeState, type Tombstone } from '../item-merge';
import { canonicalJson, parseCanonicalJson } from './canonical-json';

const STAMP = { wall: 'uint', counter: 'uint', device: 'text' } as const;
const PAYLOAD_SCHEMA = {
  kind: 'item-delta',
  version: 1,
  fields: {
    fields: { list: { map: { name: 'text', versions: { list: { map: { value: 'text', ...STAMP } } } } } },
    tombstone: { list: { map: { ...STAMP, seen: { map: STAMP } } } },
  },
} as const;

type Payload = FieldsOf<typeof PAYLOAD_SCHEMA.fields>;

const DEVICE_PATTERN = /^[0-9a-f]{32}$/;

function stampOf(fields: { wall: number; counter: number; device: string }): Stamp {
  if (!DEVICE_PATTERN.test(fields.device)) throw new VaultError('BAD_RECORD', 'a stamp names a device by 32 hex digits');
  return { wall: fields.wall, counter: fields.counter, device: fields.device };
}

/**
 * The normal form of a state: what merging it into nothing gives, without empty fields, each value
 * as a receiver decodes it (through canonical JSON, so for example -0 is 0 on every device).
 */
export function normalDelta(state: MergeState): MergeState {
  const merged = merge(EMPTY_STATE, state);
  const fields = Object.fromEntries(
    Object.entries(merged.fields)
      .filter(([, versions]) => versions.length > 0)
      .map(([name, versions]) => [name, versions.map((version) => ({ ...version, value: parseCanonicalJson(canonicalJson(version.value)) }))]),
  );
  return { fields, tombstone: merged.tombstone };
}

function toPayload(state: MergeState): Payload {
  const fields = Object.entries(state.fields).map(([name, versions]) => ({
    name,
    versions: versions.map((version) => ({ value: canonicalJson(version.value), ...version.stamp })),
  }));
  const tombstone = state.tombstone === null ? [] : [{ ...state.tombstone.stamp, seen: { ...state.tombstone.seen } }];
  return { fields, tombstone };
}

/** Canonical bytes of the normal form of a delta; refuses (BAD_INPUT) values that are not JSON data. */
export function encodeDelta(delta: MergeState): Uint8Array {
  const normal = normalDelta(delta);
  for (const versions of Object.values(normal.fields)) {
    for (const version of versions) {
      if (!DEVICE_PATTERN.test(version.stamp.device)) throw new VaultError('BAD_INPUT', 'stamps name a device by 32 hex digits');
    }
  }
  return encodeVersioned(PAYLOAD_SCHEMA, toPayload(normal));
}

function fromPayload(payload: Payload): MergeState {
  const fields: Record<string, FieldVersion[]> = {};
  for (const field of payload.fields) {
    if (field.versions.length === 0) throw new VaultError('BAD_RECORD', `field ${field.name} has no versions`);
    if (Object.hasOwn(fields, field.name)) throw new VaultError('BAD_RECORD', `field ${field.name} appears twice`);
    fields[field.name] = field.versions.map((version) => ({ value: parseCanonicalJson(version.value), stamp: stampOf(version) }));
  }
  if (payload.tombstone.length > 1) throw new VaultError('BAD_RECORD', 'at most one tombstone');
  const [raw] = payload.tombstone;
  const tombstone: Tombstone | null = raw === undefined ? null : { stamp: stampOf(raw), seen: stampOf(raw.seen) };
  return { fields, tombstone };
}

/** Decode a record plaintext strictly into a delta merge state. */
export function decodeDelta(bytes: Uint8Array): MergeState {
  let payload: Payload;
  try {
    payload = decodeVersioned(PAYLOAD_SCHEMA, bytes);
  } catch (error) {
    const detail = error instanceof VaultError ? `: ${error.message}` : '';
    throw new VaultError('BAD_RECORD', `record payload is not an item delta${detail}`);
  }
  const delta = fromPayload(payload);
  if (!equalBytes(encodeVersioned(PAYLOAD_SCHEMA, toPayload(normalDelta(delta))), bytes)) {
    throw new VaultError('BAD_RECORD', 'record payload is not in normal form');
  }
  return delta;
}

/** Every stamp a delta carries (field versions, the tombstone's stamp and what it had seen). */
export function stampsOf(delta: MergeState): Stamp[] {
  const stamps = Object.values(delta.fields).flatMap((versions) => versions.map((version) => version.stamp));
  if (delta.tombstone !== null) stamps.push(delta.tombstone.stamp, delta.tombstone.seen);
  return stamps;
}

/** The newest stamp of a delta (its record's header HLC), or null for an empty delta. */
export function newestStampOf(delta: MergeState): Stamp | null {
  return stampsOf(delta).reduce<Stamp | null>((newest, stamp) => (newest === null || compareStamps(stamp, newest) > 0 ? stamp : newest), null);
}

/** The record kind a delta is sent as: a tombstone alone is "tombstone", anything else "item". */
export function recordKindOf(delta: MergeState): 'item' | 'tombstone' {
  return delta.tombstone !== null && Object.keys(delta.fields).length === 0 ? 'tombstone' : 'item';
}
