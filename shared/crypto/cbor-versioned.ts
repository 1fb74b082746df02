/**
 * Versioned structures in canonical CBOR (RFC 8949 §4.2.1, see cbor.ts): every signed, sealed or
 * associated-data structure is a CBOR map
 *   { "kind": text, "v": uint, ...fields }
 * described by a small schema (its kind, its one version, its exact field set and field types).
 *
 * Decoding refuses: a different kind, a missing or extra field, a wrong field type (BAD_ENCODING);
 * a version other than the schema's, higher (unknown) or lower (downgrade) (UNKNOWN_VERSION).
 * "kind" and "v" are reserved names and cannot be fields.
 */
import { VaultError } from '../protocol/errors';
import { type CborValue, decodeCanonical, encodeCanonical } from './cbor';

/** A field's type: leaf types, a list of one type, or a nested map with its own exact field set. */
export type FieldSpec =
  | 'bytes'
  | 'uint'
  | 'text'
  | 'bool'
  | { readonly list: FieldSpec }
  | { readonly map: FieldSpecs };
export type FieldSpecs = { readonly [name: string]: FieldSpec };

export interface Schema<F extends FieldSpecs = FieldSpecs> {
  readonly kind: string;
  readonly version: number;
  readonly fields: F;
}

/** The TypeScript value for a field spec. */
export type ValueOf<S> = S extends 'bytes'
  ? Uint8Array
  : S extends 'uint'
    ? number
    : S extends 'text'
      ? string
      : S extends 'bool'
        ? boolean
        : S extends { readonly list: infer E }
          ? ValueOf<E>[]
          : S extends { readonly map: infer M extends FieldSpecs }
            ? FieldsOf<M>
            : never;
export type FieldsOf<F extends FieldSpecs> = { -readonly [K in keyof F]: ValueOf<F[K]> };

const RESERVED = new Set(['kind', 'v']);

function fail(path: string, expected: string): never {
  throw new VaultError('BAD_ENCODING', `field ${path}: expected ${expected}`);
}

function checkValue(spec: FieldSpec, value: CborValue, path: string): void {
  if (spec === 'bytes') {
    if (!(value instanceof Uint8Array)) fail(path, 'bytes');
  } else if (spec === 'uint') {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(path, 'uint');
  } else if (spec === 'text') {
    if (typeof value !== 'string') fail(path, 'text');
  } else if (spec === 'bool') {
    if (typeof value !== 'boolean') fail(path, 'bool');
  } else if ('list' in spec) {
    if (!Array.isArray(value)) fail(path, 'list');
    (value as readonly CborValue[]).forEach((item, i) => checkValue(spec.list, item, `${path}[${i}]`));
  } else {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
      fail(path, 'map');
    }
    checkFields(spec.map, value as { readonly [key: string]: CborValue }, path);
  }
}

function checkFields(specs: FieldSpecs, map: { readonly [key: string]: CborValue }, path: string): void {
  const names = Object.keys(specs);
  const present = Object.keys(map);
  for (const name of present) {
    if (!Object.hasOwn(specs, name)) throw new VaultError('BAD_ENCODING', `unknown field ${path}.${name}`);
  }
  for (const name of names) {
    const value = map[name];
    const spec = specs[name];
    if (value === undefined || spec === undefined) throw new VaultError('BAD_ENCODING', `missing field ${path}.${name}`);
    checkValue(spec, value, `${path}.${name}`);
  }
}

function checkSchema(schema: Schema): void {
  for (const name of Object.keys(schema.fields)) {
    if (RESERVED.has(name)) throw new VaultError('BAD_INPUT', `"${name}" is reserved in versioned structures`);
  }
  if (!Number.isSafeInteger(schema.version) || schema.version < 1) {
    throw new VaultError('BAD_INPUT', 'schema version must be a positive integer');
  }
}

/** Canonical CBOR of `{kind, v, ...fields}`; the fields are checked against the schema first. */
export function encodeVersioned<F extends FieldSpecs>(schema: Schema<F>, fields: FieldsOf<F>): Uint8Array {
  checkSchema(schema);
  const map = fields as unknown as { readonly [key: string]: CborValue };
  try {
    checkFields(schema.fields, map, schema.kind);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  return encodeCanonical({ ...map, kind: schema.kind, v: schema.version });
}

/** Decode bytes made by `encodeVersioned` with the same schema; refuses anything else. */
export function decodeVersioned<F extends FieldSpecs>(schema: Schema<F>, bytes: Uint8Array): FieldsOf<F> {
  checkSchema(schema);
  const value = decodeCanonical(bytes);
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new VaultError('BAD_ENCODING', 'versioned structure must be a map');
  }
  const { kind, v, ...rest } = value as { readonly [key: string]: CborValue };
  if (kind !== schema.kind) throw new VaultError('BAD_ENCODING', `expected kind ${schema.kind}`);
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new VaultError('BAD_ENCODING', 'missing version');
  if (v !== schema.version) {
    throw new VaultError('UNKNOWN_VERSION', `${schema.kind} version ${v} is not ${schema.version}`);
  }
  checkFields(schema.fields, rest, schema.kind);
  return rest as unknown as FieldsOf<F>;
}
