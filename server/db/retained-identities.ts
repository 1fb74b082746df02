/**
 * Identity chains kept after their account was deleted (docs/decisions/006-account-deletion.md).
 * Other members verify a collection chain, and every batch in its log, against the identity chain
 * of each person its entries name (authors, owner, members, seal recipients); so does the server on
 * every chain append (`identity-resolver.ts`). While any stored collection chain names a deleted
 * account, its identity chain (public keys, device ids, sealed user keys, signatures) and its
 * `accounts` row, marked `deleted_at`, stay; nothing else of it does. Once no chain names it any
 * more (the last such collection was deleted with its last member), it is purged.
 *
 * "Names" is a byte search for the 32-byte identity id in the stored entries (SQLite `instr`,
 * PostgreSQL `position`): an id is a SHA-256 hash, so it appears in an entry only where the entry
 * names that identity.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DatabaseKind } from './open-database';
import type { Database } from './schema';

/** True when some stored collection chain entry contains the identity id. */
export async function namedInCollectionChains(db: Kysely<Database> | Transaction<Database>, kind: DatabaseKind, accountId: Uint8Array): Promise<boolean> {
  const id = Buffer.from(accountId);
  const contains = kind === 'sqlite' ? sql<boolean>`instr(entry, ${id}) > 0` : sql<boolean>`position(${id}::bytea in entry) > 0`;
  const row = await db.selectFrom('collection_chain_entries').select('collection_id').where(contains).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Removes the identity chain and account row of every deleted account no chain names any more; returns how many. */
export async function purgeUnnamedDeletedAccounts(trx: Transaction<Database>, kind: DatabaseKind): Promise<number> {
  const deleted = await trx.selectFrom('accounts').select('id').where('deleted_at', 'is not', null).execute();
  let purged = 0;
  for (const { id } of deleted) {
    if (await namedInCollectionChains(trx, kind, id)) continue;
    await trx.deleteFrom('identity_chain_entries').where('account_id', '=', id).execute();
    await trx.deleteFrom('accounts').where('id', '=', id).execute();
    purged += 1;
  }
  return purged;
}
