/**
 * Test support: scans every column of every row of every table in the database (SQLite or
 * PostgreSQL, whatever tables exist, Kysely's own included) for given byte strings, inside bytes
 * values and, as hex or base64url, inside text values; plus exact text needles (e.g. hashed
 * rate-limit buckets). Deletion tests use it to show that no row mentions a deleted account, its
 * devices or its collections, without listing the tables by hand.
 */
import { sql } from 'kysely';
import { toBase64url } from '../../shared/crypto/base64url';
import type { VaultDatabase } from '../db/open-database';

export interface Needles {
  readonly bytes: readonly Uint8Array[];
  readonly text?: readonly string[];
}

export interface Mention {
  readonly table: string;
  readonly column: string;
  /** Which needle: `bytes[i]` or `text[i]`. */
  readonly needle: string;
}

export async function tableNames(database: VaultDatabase): Promise<string[]> {
  const query =
    database.kind === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' order by name`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`;
  return (await query.execute(database.db)).rows.map((row) => row.name);
}

function mentions(value: unknown, needles: Needles): string[] {
  const found: string[] = [];
  needles.bytes.forEach((needle, i) => {
    const bytes = Buffer.from(needle);
    if (Buffer.isBuffer(value) && value.indexOf(bytes) !== -1) found.push(`bytes[${i}]`);
    if (typeof value === 'string' && (value.includes(bytes.toString('hex')) || value.includes(toBase64url(needle)))) found.push(`bytes[${i}]`);
  });
  (needles.text ?? []).forEach((needle, i) => {
    if (typeof value === 'string' && value.includes(needle)) found.push(`text[${i}]`);
  });
  return found;
}

/** Every (table, column, needle) where some row's value contains a needle. */
export async function rowsMentioning(database: VaultDatabase, needles: Needles): Promise<Mention[]> {
  const result: Mention[] = [];
  for (const table of await tableNames(database)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(database.db)).rows;
    const seen = new Set<string>();
    for (const row of rows) {
      for (const [column, value] of Object.entries(row)) {
        for (const needle of mentions(value, needles)) {
          const key = `${column} ${needle}`;
          if (seen.has(key)) continue;
          seen.add(key);
          result.push({ table, column, needle });
        }
      }
    }
  }
  return result;
}
