/**
 * The plaintext of each pairing message (DESIGN.md §7), canonical CBOR (cbor-versioned.ts), sealed
 * under k by messages.ts. Byte layouts and the checks each side makes: docs/pairing.md §3–§4.
 *
 *   hello    (new → trusted) { device: {id(16), signingKey(32), x25519Key(32)}, commitment(32) }
 *   offer    (trusted → new) { device: {…}, nonce(32), fingerprint(32), identity: {seq, head(32)} }
 *   reveal   (new → trusted) { nonce(32), proof(64) }      proof: Ed25519 "pair/v1" by the new device
 *   approval (trusted → new) { body: bytes, sig(64) }      sig: Ed25519 "pair/v1" over body by the trusted device
 *   body = { fingerprint(32), server, transcript(32), entry (the add-device entry's bytes),
 *            userKey: {generation, publicKey(32)}, identity: {seq, head(32)},
 *            collections: [ {collection(16), chain: {seq, head(32)}, log: {seq, head(32)}} ] }
 *
 * Decoding refuses (BAD_ENCODING) anything but the one canonical encoding of exactly these fields
 * with these lengths, and (UNKNOWN_VERSION) a version other than 1.
 */
import { decodeVersioned, encodeVersioned, type FieldSpecs, type FieldsOf, type Schema } from '../crypto/cbor-versioned';
import { VaultError } from '../protocol/errors';
import type { Position } from '../sync/batch';
import type { PublicDevice } from './transcript';

const DEVICE = { map: { id: 'bytes', signingKey: 'bytes', x25519Key: 'bytes' } } as const;
const POSITION = { map: { seq: 'uint', head: 'bytes' } } as const;

const HELLO = { kind: 'pair-hello', version: 1, fields: { device: DEVICE, commitment: 'bytes' } } as const;
const OFFER = { kind: 'pair-offer', version: 1, fields: { device: DEVICE, nonce: 'bytes', fingerprint: 'bytes', identity: POSITION } } as const;
const REVEAL = { kind: 'pair-reveal', version: 1, fields: { nonce: 'bytes', proof: 'bytes' } } as const;
const APPROVAL = { kind: 'pair-approval', version: 1, fields: { body: 'bytes', sig: 'bytes' } } as const;
const APPROVAL_BODY = {
  kind: 'pair-approval-body',
  version: 1,
  fields: {
    fingerprint: 'bytes',
    server: 'text',
    transcript: 'bytes',
    entry: 'bytes',
    userKey: { map: { generation: 'uint', publicKey: 'bytes' } },
    identity: POSITION,
    collections: { list: { map: { collection: 'bytes', chain: POSITION, log: POSITION } } },
  },
} as const;

/** Fixed byte lengths by field name, at any depth. */
const LENGTHS: { readonly [name: string]: number } = {
  id: 16,
  collection: 16,
  signingKey: 32,
  x25519Key: 32,
  publicKey: 32,
  commitment: 32,
  nonce: 32,
  fingerprint: 32,
  transcript: 32,
  head: 32,
  proof: 64,
  sig: 64,
};

function checkLengths(value: unknown, name: string, code: 'BAD_INPUT' | 'BAD_ENCODING'): void {
  if (value instanceof Uint8Array) {
    const want = LENGTHS[name];
    if (want !== undefined && value.length !== want) throw new VaultError(code, `pairing field ${name} must be ${want} bytes`);
  } else if (Array.isArray(value)) {
    for (const item of value) checkLengths(item, name, code);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) checkLengths(inner, key, code);
  }
}

function encode<F extends FieldSpecs>(schema: Schema<F>, fields: FieldsOf<F>): Uint8Array {
  checkLengths(fields, schema.kind, 'BAD_INPUT');
  return encodeVersioned(schema, fields);
}

function decode<F extends FieldSpecs>(schema: Schema<F>, bytes: Uint8Array): FieldsOf<F> {
  const fields = decodeVersioned(schema, bytes);
  checkLengths(fields, schema.kind, 'BAD_ENCODING');
  return fields;
}

const device = (d: PublicDevice) => ({ id: d.id, signingKey: d.signingKey, x25519Key: d.x25519Key });
const position = (p: Position) => ({ seq: p.seq, head: p.head });

export interface Hello {
  readonly device: PublicDevice;
  readonly commitment: Uint8Array;
}
export const encodeHello = (hello: Hello): Uint8Array => encode(HELLO, { device: device(hello.device), commitment: hello.commitment });
export const decodeHello = (bytes: Uint8Array): Hello => decode(HELLO, bytes);

export interface Offer {
  readonly device: PublicDevice;
  readonly nonce: Uint8Array;
  readonly fingerprint: Uint8Array;
  readonly identity: Position;
}
export const encodeOffer = (offer: Offer): Uint8Array =>
  encode(OFFER, { device: device(offer.device), nonce: offer.nonce, fingerprint: offer.fingerprint, identity: position(offer.identity) });
export const decodeOffer = (bytes: Uint8Array): Offer => decode(OFFER, bytes);

export interface Reveal {
  readonly nonce: Uint8Array;
  readonly proof: Uint8Array;
}
export const encodeReveal = (reveal: Reveal): Uint8Array => encode(REVEAL, { nonce: reveal.nonce, proof: reveal.proof });
export const decodeReveal = (bytes: Uint8Array): Reveal => decode(REVEAL, bytes);

/** A collection the new device pins: its collection-chain head and its log head. */
export interface CollectionPin {
  readonly collection: Uint8Array;
  readonly chain: Position;
  readonly log: Position;
}

export interface ApprovalBody {
  readonly fingerprint: Uint8Array;
  readonly server: string;
  readonly transcript: Uint8Array;
  /** The add-device entry the trusted device appends, exact bytes. */
  readonly entry: Uint8Array;
  readonly userKey: { readonly generation: number; readonly publicKey: Uint8Array };
  /** The identity chain after the add-device entry: its seq and hash. */
  readonly identity: Position;
  readonly collections: readonly CollectionPin[];
}
export const encodeApprovalBody = (body: ApprovalBody): Uint8Array =>
  encode(APPROVAL_BODY, {
    fingerprint: body.fingerprint,
    server: body.server,
    transcript: body.transcript,
    entry: body.entry,
    userKey: { generation: body.userKey.generation, publicKey: body.userKey.publicKey },
    identity: position(body.identity),
    collections: body.collections.map((pin) => ({ collection: pin.collection, chain: position(pin.chain), log: position(pin.log) })),
  });
export const decodeApprovalBody = (bytes: Uint8Array): ApprovalBody => decode(APPROVAL_BODY, bytes);

export interface Approval {
  readonly body: Uint8Array;
  readonly sig: Uint8Array;
}
export const encodeApproval = (approval: Approval): Uint8Array => encode(APPROVAL, { body: approval.body, sig: approval.sig });
export const decodeApproval = (bytes: Uint8Array): Approval => decode(APPROVAL, bytes);
