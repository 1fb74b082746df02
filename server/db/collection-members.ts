/**
 * Collection membership in the server database: `collection_members` mirrors the current members
 * and roles of each collection chain (rewritten with every chain append from the state shared/chains
 * computed), so access checks are one indexed lookup. The server's checks are a courtesy and a
 * privacy measure; clients enforce roles themselves from the chain (DESIGN.md §8).
 */
import type { Kysely, Transaction } from 'kysely';
import type { CollectionState } from '../../shared/chains/collection-chain';
import { isRole, type Role } from '../../shared/chains/collection-roles';
import type { Database } from './schema';

/** Roles that may append batches (viewers hold the key but do not write). */
export const WRITER_ROLES: readonly Role[] = ['owner', 'admin', 'editor'];

/** The account's current role in the collection, or null when it is not a member (or no such collection). */
export async function memberRole(db: Kysely<Database>, collectionId: Uint8Array, accountId: Uint8Array): Promise<Role | null> {
  const row = await db
    .selectFrom('collection_members')
    .select('role')
    .where('collection_id', '=', Buffer.from(collectionId))
    .where('account_id', '=', Buffer.from(accountId))
    .executeTakeFirst();
  return row !== undefined && isRole(row.role) ? row.role : null;
}

/**
 * Replaces the collection's members with those of `state` (inside the chain append's transaction).
 * A member whose account was deleted (its identity chain kept for verification, `deleted_at` set)
 * is left out: the chain still lists them until someone signs their removal, but they have no
 * devices and nothing to reach.
 */
export async function replaceMembers(trx: Transaction<Database>, collectionId: Uint8Array, state: CollectionState): Promise<void> {
  const id = Buffer.from(collectionId);
  await trx.deleteFrom('collection_members').where('collection_id', '=', id).execute();
  const members = [...state.members.values()];
  const ids = members.map((member) => Buffer.from(member.identity));
  const deleted = ids.length === 0 ? [] : await trx.selectFrom('accounts').select('id').where('id', 'in', ids).where('deleted_at', 'is not', null).execute();
  const gone = new Set(deleted.map((row) => row.id.toString('hex')));
  const rows = members
    .filter((member) => !gone.has(Buffer.from(member.identity).toString('hex')))
    .map((member) => ({ collection_id: id, account_id: Buffer.from(member.identity), role: member.role }));
  if (rows.length > 0) await trx.insertInto('collection_members').values(rows).execute();
}

/** The hex account ids of the collection's current members. */
export async function memberAccounts(db: Kysely<Database>, collectionId: Uint8Array): Promise<Set<string>> {
  const rows = await db.selectFrom('collection_members').select('account_id').where('collection_id', '=', Buffer.from(collectionId)).execute();
  return new Set(rows.map((row) => Buffer.from(row.account_id).toString('hex')));
}

/** True when the two accounts are the same or both current members of at least one collection. */
export async function sharesCollection(db: Kysely<Database>, accountId: Uint8Array, otherId: Uint8Array): Promise<boolean> {
  if (Buffer.from(accountId).equals(Buffer.from(otherId))) return true;
  const row = await db
    .selectFrom('collection_members as mine')
    .innerJoin('collection_members as theirs', 'theirs.collection_id', 'mine.collection_id')
    .select('mine.collection_id')
    .where('mine.account_id', '=', Buffer.from(accountId))
    .where('theirs.account_id', '=', Buffer.from(otherId))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
