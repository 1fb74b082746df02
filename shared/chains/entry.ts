/**
 * Chain entries (DESIGN.md §5): the signed, hash-linked unit of identity chains and collection chains.
 *
 * An entry is the canonical CBOR (RFC 8949 §4.2.1, via cbor-versioned.ts) envelope
 *   { kind: "chain-envelope", v: 1, body: bytes, sig: bytes(64) }
 * where `body` is the exact bytes of
 *   { kind: "chain-entry", v: 1, chain, chainId, seq, prev, author, time, op, args }
 * and `sig` is Ed25519 (RFC 8032, strict) over `body` under the context "chain/v1". The entry hash is
 * SHA-256 of the envelope bytes; the next entry's `prev` is that hash (32 zero bytes for a genesis).
 * `time` is the author's claim and is never used for ordering. Byte layout: docs/formats.md §12.
 *
 * Decoding refuses (BAD_ENCODING): anything that is not the one canonical encoding, a chain kind or
 * op that is not listed below, a missing or extra field at any depth, a wrong type or a wrong fixed
 * length; (UNKNOWN_VERSION) a body or envelope version other than 1. Signatures are checked by the
 * chain validators, which know the author's key at that position (BAD_SIGNATURE).
 */
import { decodeCanonical } from '../crypto/cbor';
import { decodeVersioned, encodeVersioned, type FieldSpecs, type FieldsOf, type Schema } from '../crypto/cbor-versioned';
import { sign, verify } from '../crypto/ed25519';
import { sha256 } from '../crypto/hash';
import { VaultError } from '../protocol/errors';

export const ENTRY_VERSION = 1;
export const CHAIN_KINDS = ['identity', 'collection'] as const;
export type ChainKind = (typeof CHAIN_KINDS)[number];

/** A recipient of a user key in a rotate-user-key entry: a device (by id) or the recovery key. */
const USER_KEY_SEAL = { map: { to: 'text', id: 'bytes', sealed: 'bytes' } } as const;
/** A member's copy of a collection key, sealed to one user-key generation of their identity. */
const MEMBER_SEAL = { map: { identity: 'bytes', generation: 'uint', sealed: 'bytes' } } as const;

/** Identity chain ops and their argument fields. */
export const IDENTITY_OPS = {
  genesis: { deviceId: 'bytes', signingKey: 'bytes', x25519Key: 'bytes', userKey: 'bytes' },
  'add-device': { deviceId: 'bytes', signingKey: 'bytes', x25519Key: 'bytes', userKeySeal: 'bytes' },
  'revoke-device': { deviceId: 'bytes' },
  'rotate-user-key': { generation: 'uint', userKey: 'bytes', seals: { list: USER_KEY_SEAL } },
  'set-recovery-key': { signingKey: 'bytes', x25519Key: 'bytes', userKeySeal: 'bytes' },
  'revoke-recovery-key': {},
} as const satisfies Record<string, FieldSpecs>;

/** Collection chain ops and their argument fields. */
export const COLLECTION_OPS = {
  genesis: { owner: 'bytes', commitment: 'bytes', seals: { list: MEMBER_SEAL } },
  'add-member': { identity: 'bytes', generation: 'uint', role: 'text', seal: 'bytes' },
  'change-role': { identity: 'bytes', role: 'text' },
  'remove-member': { identity: 'bytes' },
  'rotate-key': { epoch: 'uint', commitment: 'bytes', seals: { list: MEMBER_SEAL } },
  policy: { tier: 'text', deviceApproval: 'bool' },
} as const satisfies Record<string, FieldSpecs>;

type IdentityOps = typeof IDENTITY_OPS;
type CollectionOps = typeof COLLECTION_OPS;
export type IdentityOpName = keyof IdentityOps;
export type CollectionOpName = keyof CollectionOps;

/** One op with its arguments, as a discriminated union on `op`. */
export type IdentityOp = { [O in IdentityOpName]: { op: O; args: FieldsOf<IdentityOps[O]> } }[IdentityOpName];
export type CollectionOp = { [O in CollectionOpName]: { op: O; args: FieldsOf<CollectionOps[O]> } }[CollectionOpName];

/** Who signed an identity-chain entry: one of its devices, or its recovery key (id = its signing key). */
const IDENTITY_AUTHOR = { map: { by: 'text', identity: 'bytes', id: 'bytes' } } as const;
/** Who signed a collection-chain entry: a device of a member identity, trusted at identity seq `at`. */
const COLLECTION_AUTHOR = { map: { by: 'text', identity: 'bytes', id: 'bytes', at: 'uint' } } as const;

export interface IdentityAuthor {
  by: 'device' | 'recovery';
  identity: Uint8Array;
  id: Uint8Array;
}
export interface CollectionAuthor {
  by: 'device';
  identity: Uint8Array;
  id: Uint8Array;
  at: number;
}

interface BodyCommon<K extends ChainKind> {
  chain: K;
  chainId: Uint8Array;
  seq: number;
  prev: Uint8Array;
  time: number;
}
export type IdentityBody = BodyCommon<'identity'> & { author: IdentityAuthor } & IdentityOp;
export type CollectionBody = BodyCommon<'collection'> & { author: CollectionAuthor } & CollectionOp;
export type EntryBody = IdentityBody | CollectionBody;

/** A decoded entry: its exact bytes, hash, body and signature. */
export interface Entry<B extends EntryBody = EntryBody> {
  readonly bytes: Uint8Array;
  readonly hash: Uint8Array;
  readonly bodyBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly body: B;
}

export const HASH_LENGTH = 32;
export const GENESIS_PREV = new Uint8Array(HASH_LENGTH);
export const DEVICE_ID_LENGTH = 16;
export const COLLECTION_ID_LENGTH = 16;
export const KEY_LENGTH = 32;
export const SEAL_LENGTH = 80;
const SIGNATURE_LENGTH = 64;

/** Fixed lengths of byte fields, by field name, checked at every depth of `args`. */
const FIXED_LENGTHS: { readonly [name: string]: number } = {
  deviceId: DEVICE_ID_LENGTH,
  signingKey: KEY_LENGTH,
  x25519Key: KEY_LENGTH,
  userKey: KEY_LENGTH,
  userKeySeal: SEAL_LENGTH,
  sealed: SEAL_LENGTH,
  seal: SEAL_LENGTH,
  commitment: HASH_LENGTH,
  identity: HASH_LENGTH,
  owner: HASH_LENGTH,
};

const ENVELOPE_SCHEMA = { kind: 'chain-envelope', version: ENTRY_VERSION, fields: { body: 'bytes', sig: 'bytes' } } as const;

function bodySchema(chain: ChainKind, argSpec: FieldSpecs): Schema {
  return {
    kind: 'chain-entry',
    version: ENTRY_VERSION,
    fields: {
      chain: 'text',
      chainId: 'bytes',
      seq: 'uint',
      prev: 'bytes',
      author: chain === 'identity' ? IDENTITY_AUTHOR : COLLECTION_AUTHOR,
      time: 'uint',
      op: 'text',
      args: { map: argSpec },
    },
  };
}

function opsOf(chain: ChainKind): Record<string, FieldSpecs> {
  return chain === 'identity' ? IDENTITY_OPS : COLLECTION_OPS;
}

function schemaFor(chain: unknown, op: unknown): Schema {
  if (chain !== 'identity' && chain !== 'collection') throw new VaultError('BAD_ENCODING', 'unknown chain kind');
  const ops = opsOf(chain);
  if (typeof op !== 'string' || !Object.hasOwn(ops, op)) {
    throw new VaultError('BAD_ENCODING', `unknown ${chain} chain op`);
  }
  return bodySchema(chain, ops[op] as FieldSpecs);
}

function checkLengths(value: unknown, name: string): void {
  if (value instanceof Uint8Array) {
    const want = FIXED_LENGTHS[name];
    if (want !== undefined && value.length !== want) {
      throw new VaultError('BAD_ENCODING', `field ${name} must be ${want} bytes`);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) checkLengths(item, name);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) checkLengths(inner, key);
  }
}

function checkBody(body: EntryBody): void {
  if (body.prev.length !== HASH_LENGTH) throw new VaultError('BAD_ENCODING', `prev must be ${HASH_LENGTH} bytes`);
  if (body.author.by !== 'device' && body.author.by !== 'recovery') {
    throw new VaultError('BAD_ENCODING', 'author.by must be "device" or "recovery"');
  }
  checkLengths(body.args, 'args');
}

/** Canonical bytes of an entry body; refuses (BAD_INPUT) a body that does not fit its op's schema. */
export function encodeEntryBody(body: EntryBody): Uint8Array {
  let schema: Schema;
  try {
    schema = schemaFor(body.chain, body.op);
    checkBody(body);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  return encodeVersioned(schema, body as unknown as FieldsOf<FieldSpecs>);
}

/** Decode body bytes, refusing unknown versions, chain kinds, ops and fields. */
export function decodeEntryBody(bytes: Uint8Array): EntryBody {
  const peek = decodeCanonical(bytes);
  if (peek === null || typeof peek !== 'object' || Array.isArray(peek) || peek instanceof Uint8Array) {
    throw new VaultError('BAD_ENCODING', 'chain entry body must be a map');
  }
  const map = peek as { readonly [key: string]: unknown };
  if (map.kind !== 'chain-entry') throw new VaultError('BAD_ENCODING', 'not a chain entry');
  if (typeof map.v !== 'number') throw new VaultError('BAD_ENCODING', 'chain entry without a version');
  if (map.v !== ENTRY_VERSION) throw new VaultError('UNKNOWN_VERSION', `chain entry version ${map.v} is not ${ENTRY_VERSION}`);
  const body = decodeVersioned(schemaFor(map.chain, map.op), bytes) as unknown as EntryBody;
  checkBody(body);
  return body;
}

/** Sign a body with a device or recovery seed under "chain/v1"; returns the envelope bytes. */
export function signEntry(body: EntryBody, seed: Uint8Array): Uint8Array {
  const bodyBytes = encodeEntryBody(body);
  const sig = sign('chain/v1', seed, bodyBytes);
  return encodeVersioned(ENVELOPE_SCHEMA, { body: bodyBytes, sig });
}

/** SHA-256 of an entry's exact envelope bytes: its id and the next entry's `prev`. */
export function entryHash(envelopeBytes: Uint8Array): Uint8Array {
  return sha256(envelopeBytes);
}

/** Decode an entry's envelope and body (no signature check: that needs the chain state). */
export function decodeEntry(bytes: Uint8Array): Entry {
  const envelope = decodeVersioned(ENVELOPE_SCHEMA, bytes);
  if (envelope.sig.length !== SIGNATURE_LENGTH) throw new VaultError('BAD_ENCODING', `sig must be ${SIGNATURE_LENGTH} bytes`);
  const body = decodeEntryBody(envelope.body);
  return { bytes: bytes.slice(), hash: entryHash(bytes), bodyBytes: envelope.body, signature: envelope.sig, body };
}

/** True when the entry's signature verifies under `publicKey` with context "chain/v1". */
export function entrySignedBy(entry: Entry, publicKey: Uint8Array): boolean {
  return verify('chain/v1', publicKey, entry.bodyBytes, entry.signature);
}

/** Refusal with the entry's position and the rule it breaks, e.g. "entry 4 (add-device): …". */
export function chainError(code: 'BAD_SIGNATURE' | 'UNTRUSTED_WRITER' | 'FORK' | 'BAD_CHAIN', body: EntryBody | { seq: number; op: string }, rule: string): VaultError {
  return new VaultError(code, `entry ${body.seq} (${body.op}): ${rule}`);
}
