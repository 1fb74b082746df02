/**
 * Heartbeats (DESIGN.md §6 "Freshness"): at most hourly, each unlocked online device signs what it
 * has seen, so peers can tell a server that hides a device's newest batches (OMISSION) or keeps it
 * apart from them (FORK), and can name a device that has been silent too long (STALE).
 *
 * Canonical CBOR (RFC 8949 §4.2.1) envelope { kind: "heartbeat-envelope", v: 1, body, sig: bytes(64) }
 * with `sig` Ed25519 (RFC 8032, strict) over `body` under "heartbeat/v1"; `body` is
 *   { kind: "heartbeat", v: 1, identity: bytes(32), device: bytes(16), signer: bytes(32), time: uint,
 *     chain: {seq, head}, logs: [{collection: bytes(16), counter: uint, seq: uint, head: bytes(32)}] }
 * where `chain` is the device's identity-chain head, and each log entry gives the device's own last
 * acknowledged counter in that collection and the log position it had verified (all its
 * acknowledged batches sit at or before that seq). `time` is the device's claim (used only for STALE).
 * Body v2 (issue 6) is v1 plus `profile: bytes`: the device's own profile, sealed for the devices of
 * its identity (shared/devices/device-profile.ts), at most PROFILE_MAX_BYTES; the server keeps it as
 * opaque bytes. A device signs v2 when it has a profile to carry and v1 otherwise; v1 stays valid.
 *
 * Decoding refuses (BAD_ENCODING) anything but the one canonical encoding, a missing or extra field,
 * a wrong type or length, a profile over PROFILE_MAX_BYTES; (UNKNOWN_VERSION) a body version other
 * than 1 or 2, an envelope version other than 1.
 */
import { decodeVersioned, encodeVersioned, type FieldsOf } from '../crypto/cbor-versioned';
import { sign, verify } from '../crypto/ed25519';
import { VaultError } from '../protocol/errors';
import { COLLECTION_ID_LENGTH, DEVICE_ID_LENGTH, HASH_LENGTH, IDENTITY_ID_LENGTH, type Position, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH } from './batch';

const POSITION = { map: { seq: 'uint', head: 'bytes' } } as const;
const BODY_SCHEMA = {
  kind: 'heartbeat',
  version: 1,
  fields: {
    identity: 'bytes',
    device: 'bytes',
    signer: 'bytes',
    time: 'uint',
    chain: POSITION,
    logs: { list: { map: { collection: 'bytes', counter: 'uint', seq: 'uint', head: 'bytes' } } },
  },
} as const;
const BODY_SCHEMA_V2 = { kind: 'heartbeat', version: 2, fields: { ...BODY_SCHEMA.fields, profile: 'bytes' } } as const;
/** Largest sealed profile a heartbeat carries (shared/devices/device-profile.ts PROFILE_MAX_BYTES). */
export const HEARTBEAT_PROFILE_MAX_BYTES = 1024;
const ENVELOPE_SCHEMA = { kind: 'heartbeat-envelope', version: 1, fields: { body: 'bytes', sig: 'bytes' } } as const;

/** What one device reports about one collection log. */
export interface LogReport {
  collection: Uint8Array;
  counter: number;
  seq: number;
  head: Uint8Array;
}

export interface HeartbeatFields {
  identity: Uint8Array;
  device: Uint8Array;
  signer: Uint8Array;
  time: number;
  chain: Position;
  logs: LogReport[];
  /** The device's sealed profile (body v2); absent in v1 heartbeats. */
  profile?: Uint8Array;
}

export interface Heartbeat {
  readonly bytes: Uint8Array;
  readonly bodyBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly fields: HeartbeatFields;
}

function checkLength(value: Uint8Array, want: number, name: string): void {
  if (value.length !== want) throw new VaultError('BAD_ENCODING', `heartbeat field ${name} must be ${want} bytes`);
}

function checkFields(fields: HeartbeatFields): void {
  checkLength(fields.identity, IDENTITY_ID_LENGTH, 'identity');
  checkLength(fields.device, DEVICE_ID_LENGTH, 'device');
  checkLength(fields.signer, PUBLIC_KEY_LENGTH, 'signer');
  checkLength(fields.chain.head, HASH_LENGTH, 'chain.head');
  fields.logs.forEach((log, i) => {
    checkLength(log.collection, COLLECTION_ID_LENGTH, `logs[${i}].collection`);
    checkLength(log.head, HASH_LENGTH, `logs[${i}].head`);
  });
  if (fields.profile !== undefined && fields.profile.length > HEARTBEAT_PROFILE_MAX_BYTES) {
    throw new VaultError('BAD_ENCODING', `heartbeat field profile must be at most ${HEARTBEAT_PROFILE_MAX_BYTES} bytes`);
  }
}

/** Sign a heartbeat under "heartbeat/v1"; returns the exact envelope bytes. */
export function signHeartbeat(fields: HeartbeatFields, seed: Uint8Array): Uint8Array {
  try {
    checkFields(fields);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  const body =
    fields.profile === undefined
      ? encodeVersioned(BODY_SCHEMA, fields as unknown as FieldsOf<typeof BODY_SCHEMA.fields>)
      : encodeVersioned(BODY_SCHEMA_V2, fields as unknown as FieldsOf<typeof BODY_SCHEMA_V2.fields>);
  return encodeVersioned(ENVELOPE_SCHEMA, { body, sig: sign('heartbeat/v1', seed, body) });
}

/** Decode a heartbeat strictly (no signature check). */
export function decodeHeartbeat(bytes: Uint8Array): Heartbeat {
  const envelope = decodeVersioned(ENVELOPE_SCHEMA, bytes);
  checkLength(envelope.sig, SIGNATURE_LENGTH, 'sig');
  let fields: HeartbeatFields;
  try {
    fields = decodeVersioned(BODY_SCHEMA, envelope.body) as unknown as HeartbeatFields;
  } catch (error) {
    if (!(error instanceof VaultError) || error.code !== 'UNKNOWN_VERSION') throw error;
    fields = decodeVersioned(BODY_SCHEMA_V2, envelope.body) as unknown as HeartbeatFields;
  }
  checkFields(fields);
  return { bytes: bytes.slice(), bodyBytes: envelope.body, signature: envelope.sig, fields };
}

/** True when the heartbeat's signature verifies under its own `signer` with "heartbeat/v1". */
export function heartbeatSignatureValid(heartbeat: Heartbeat): boolean {
  return verify('heartbeat/v1', heartbeat.fields.signer, heartbeat.bodyBytes, heartbeat.signature);
}
