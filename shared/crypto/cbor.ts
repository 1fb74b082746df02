/**
 * Canonical encoding: deterministic CBOR (RFC 8949 §4.2.1 "Core Deterministic Encoding") via cborg.
 * Everything signed or used as associated data is encoded here; the exact bytes are signed, stored
 * and forwarded.
 *
 * Data model (anything else is refused): integers within ±(2^53 − 1), text, byte strings, arrays,
 * maps with text keys, true, false, null. No floats, no undefined, no tags, no simple values.
 *
 * Encoding: shortest-form heads, definite lengths, map keys sorted by the bytewise order of their
 * encodings (§4.2.1; cborg's `rfc8949EncodeOptions`).
 * Decoding refuses (BAD_ENCODING): duplicate map keys, indefinite lengths, tags, floats, undefined,
 * integers beyond 2^53, trailing bytes, and ANY input whose canonical re-encoding differs from it
 * (non-shortest integers or lengths, unsorted keys): one value, one encoding.
 */
import { decode, encode, rfc8949EncodeOptions } from 'cborg';
import type { DecodeOptions } from 'cborg';
import { VaultError } from '../protocol/errors';

export type CborValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | readonly CborValue[]
  | { readonly [key: string]: CborValue };

const DECODE_OPTIONS: DecodeOptions = {
  strict: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: false,
  useMaps: false,
  tags: {},
};

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throw BAD_INPUT (encoding) or BAD_ENCODING (decoding) unless `value` is in the data model. */
function checkModel(value: unknown, code: 'BAD_INPUT' | 'BAD_ENCODING', depth = 0): asserts value is CborValue {
  if (depth > 64) throw new VaultError(code, 'CBOR nesting deeper than 64');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new VaultError(code, 'CBOR numbers must be safe integers');
    if (Object.is(value, -0)) throw new VaultError(code, 'CBOR -0 is not an integer encoding');
    return;
  }
  if (value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (const item of value) checkModel(item, code, depth + 1);
    return;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    for (const item of Object.values(value)) checkModel(item, code, depth + 1);
    return;
  }
  throw new VaultError(code, `CBOR cannot carry a ${typeof value}`);
}

/** Deterministic CBOR of a value in the data model. */
export function encodeCanonical(value: CborValue): Uint8Array {
  checkModel(value, 'BAD_INPUT');
  return encode(value, rfc8949EncodeOptions);
}

/** Decode canonical CBOR, refusing anything that is not the one canonical encoding of its value. */
export function decodeCanonical(bytes: Uint8Array): CborValue {
  if (!(bytes instanceof Uint8Array)) throw new VaultError('BAD_ENCODING', 'CBOR input must be bytes');
  let value: unknown;
  try {
    value = decode(bytes, DECODE_OPTIONS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid';
    throw new VaultError('BAD_ENCODING', `CBOR: ${reason}`);
  }
  checkModel(value, 'BAD_ENCODING');
  const canonical = encode(value, rfc8949EncodeOptions);
  if (!sameBytes(canonical, bytes)) throw new VaultError('BAD_ENCODING', 'CBOR is not in canonical form');
  return value;
}

/** Public-data byte comparison (encodings are not secret). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
