/**
 * Typed reading of parsed JSON (RFC 8259) from another manager's export, without `any`: each
 * accessor checks the JSON type of one member and names the entry and member when it is wrong.
 *
 * Lenient where exports are (a missing member or `null` reads as empty) and strict about types
 * (a number where text belongs is an IMPORT_FORMAT error naming `where` and the member), so a
 * file that does not follow its format is refused rather than half understood.
 */
import { importError } from './types';

export type JsonObject = { readonly [key: string]: unknown };

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object, or an error naming `where`. */
export function asObject(value: unknown, where: string): JsonObject {
  if (!isObject(value)) importError(`${where}: expected an object, found ${jsonType(value)}`);
  return value;
}

/** `value` as a list, or an error naming `where`. */
export function asList(value: unknown, where: string): readonly unknown[] {
  if (!Array.isArray(value)) importError(`${where}: expected a list, found ${jsonType(value)}`);
  return value;
}

/** A text member; missing or null reads as ''. */
export function text(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') importError(`${where}: "${key}" must be text, found ${jsonType(value)}`);
  return value;
}

/** A member that exports write as text or as a number (Bitwarden's expMonth, 1Password's monthYear). */
export function textOrNumber(object: JsonObject, key: string, where: string): string {
  const value = object[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return text(object, key, where);
}

/** A number member; missing or null reads as undefined. */
export function optNumber(object: JsonObject, key: string, where: string): number | undefined {
  const value = object[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) importError(`${where}: "${key}" must be a number, found ${jsonType(value)}`);
  return value;
}

/** A boolean member; missing or null reads as false. */
export function flag(object: JsonObject, key: string, where: string): boolean {
  const value = object[key];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') importError(`${where}: "${key}" must be true or false, found ${jsonType(value)}`);
  return value;
}

/** A list member; missing or null reads as []. */
export function list(object: JsonObject, key: string, where: string): readonly unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  return asList(value, `${where}: "${key}"`);
}

/** An object member; missing or null reads as null. */
export function child(object: JsonObject, key: string, where: string): JsonObject | null {
  const value = object[key];
  if (value === undefined || value === null) return null;
  return asObject(value, `${where}: "${key}"`);
}

/** A list member whose elements must all be objects. */
export function objects(object: JsonObject, key: string, where: string): JsonObject[] {
  return list(object, key, where).map((value, i) => asObject(value, `${where}: "${key}"[${i}]`));
}
