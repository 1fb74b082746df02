/**
 * Canonical JSON text for field values inside record payloads: one text per value, so a payload has
 * exactly one encoding. It is JSON (RFC 8259) with object keys sorted by UTF-16 code units (as in
 * RFC 8785 §3.2.3), no whitespace, and numbers and strings as `JSON.stringify` writes them.
 *
 * Refuses: on encode (BAD_INPUT) anything that is not JSON data: undefined, functions, symbols,
 * bigints, non-finite numbers, class instances (Date, Map, Uint8Array…), cycles or nesting deeper
 * than 64; on decode (BAD_RECORD) text that does not parse or is not the canonical text of its value.
 */
import { VaultError } from '../../protocol/errors';

const MAX_DEPTH = 64;

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new VaultError('BAD_INPUT', 'field value nested deeper than 64');
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new VaultError('BAD_INPUT', 'field values are finite numbers');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => write(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object' && isPlainObject(value)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], depth + 1)}`).join(',')}}`;
  }
  throw new VaultError('BAD_INPUT', `a field value cannot be a ${typeof value}`);
}

/** The canonical JSON text of a JSON value. */
export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

/** Parse canonical JSON text; refuses text that is not canonical (BAD_RECORD). */
export function parseCanonicalJson(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new VaultError('BAD_RECORD', 'field value is not JSON');
  }
  let again: string;
  try {
    again = canonicalJson(value);
  } catch {
    throw new VaultError('BAD_RECORD', 'field value is not JSON data');
  }
  if (again !== text) throw new VaultError('BAD_RECORD', 'field value is not in canonical form');
  return value;
}
