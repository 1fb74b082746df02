/**
 * Deleting an account and every row the server holds for it (issue 11; `DELETE /v1/accounts/:id`
 * and `npm run admin -- delete`), in one transaction that first locks the account's row (as
 * identity-chain appends do) and then each collection's `collection_heads` row (as chain and batch
 * appends do; PostgreSQL `FOR UPDATE`, SQLite's single writer), so nothing is appended half-way:
 * - collections the account alone can reach (it is their only current member, or it created them
 *   and nobody is a member) go whole: log, chain, members, head;
 * - collections with other members keep everything but the account's membership row: the entries
 *   and batches it signed are the others' history (removing them would look like a rollback to
 *   every member, DESIGN.md §6), and the members mirror leaves deleted accounts out from then on;
 * - its sessions, heartbeats, challenges (also any issued for its device ids), its devices'
 *   rate-limit windows and its devices go;
 * - its identity chain and account row go too, unless a collection chain still names it: then they
 *   stay, marked `deleted_at`, for the other members to verify their history
 *   (`retained-identities.ts`, docs/decisions/006-account-deletion.md). Deleted accounts that this
 *   deletion leaves unnamed are purged on the way.
 * An unknown or already deleted account is NOT_FOUND.
 */
import type { Transaction } from 'kysely';
import { VaultError } from '../../shared/protocol/errors';
import { collectionsOf, deviceBuckets } from './account-inventory';
import type { DatabaseKind, VaultDatabase } from './open-database';
import { namedInCollectionChains, purgeUnnamedDeletedAccounts } from './retained-identities';
import type { Database } from './schema';

export interface DeletionSummary {
  readonly deleted: { devices: number; collections: number; batches: number; chainEntries: number; heartbeats: number; sessions: number };
  readonly leftSharedCollections: number;
  readonly identityChainKept: boolean;
}

const rows = (result: { numDeletedRows: bigint }): number => Number(result.numDeletedRows);

export async function deleteAccount(database: VaultDatabase, accountId: Uint8Array, now: number): Promise<DeletionSummary> {
  return database.db.transaction().execute(async (trx) => {
    const id = Buffer.from(accountId);
    const locked = await trx
      .updateTable('accounts')
      .set((eb) => ({ created_at: eb.ref('created_at') }))
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (locked.numUpdatedRows === 0n) throw new VaultError('NOT_FOUND', 'no such account');
    const devices = (await trx.selectFrom('devices').select('device_id').where('account_id', '=', id).execute()).map((row) => row.device_id);
    const collections = await removeCollections(trx, database.kind, id);
    const deleted = {
      devices: devices.length,
      collections: collections.deleted,
      batches: collections.batches,
      chainEntries: 0,
      heartbeats: rows(await trx.deleteFrom('heartbeats').where('account_id', '=', id).executeTakeFirst()),
      sessions: rows(await trx.deleteFrom('sessions').where('account_id', '=', id).executeTakeFirst()),
    };
    await removeDeviceTraces(trx, accountId, devices);
    await trx.deleteFrom('devices').where('account_id', '=', id).execute();
    const kept = await namedInCollectionChains(trx, database.kind, accountId);
    if (kept) {
      await trx.updateTable('accounts').set({ deleted_at: now, frozen_at: null }).where('id', '=', id).execute();
    } else {
      deleted.chainEntries = rows(await trx.deleteFrom('identity_chain_entries').where('account_id', '=', id).executeTakeFirst());
      await trx.deleteFrom('accounts').where('id', '=', id).execute();
    }
    await purgeUnnamedDeletedAccounts(trx, database.kind);
    return { deleted, leftSharedCollections: collections.left, identityChainKept: kept };
  });
}

/** Deletes the collections only this account reaches; leaves the others, dropping its membership. */
async function removeCollections(trx: Transaction<Database>, kind: DatabaseKind, id: Buffer) {
  const found = [...(await collectionsOf(trx, id)).values()].sort((a, b) => Buffer.compare(a.collectionId, b.collectionId));
  let deleted = 0;
  let batches = 0;
  let left = 0;
  for (const { collectionId } of found) {
    const lock = trx.selectFrom('collection_heads').select('collection_id').where('collection_id', '=', collectionId);
    if ((await (kind === 'postgres' ? lock.forUpdate() : lock).executeTakeFirst()) === undefined) continue;
    const others = await trx
      .selectFrom('collection_members')
      .select('account_id')
      .where('collection_id', '=', collectionId)
      .where('account_id', '!=', id)
      .limit(1)
      .executeTakeFirst();
    if (others !== undefined) {
      const removed = await trx.deleteFrom('collection_members').where('collection_id', '=', collectionId).where('account_id', '=', id).executeTakeFirst();
      left += rows(removed) > 0 ? 1 : 0;
      continue;
    }
    await trx.deleteFrom('collection_checkpoints').where('collection_id', '=', collectionId).execute();
    batches += rows(await trx.deleteFrom('collection_logs').where('collection_id', '=', collectionId).executeTakeFirst());
    await trx.deleteFrom('collection_chain_entries').where('collection_id', '=', collectionId).execute();
    await trx.deleteFrom('collection_members').where('collection_id', '=', collectionId).execute();
    await trx.deleteFrom('collection_heads').where('collection_id', '=', collectionId).execute();
    deleted += 1;
  }
  return { deleted, batches, left };
}

/** Challenges issued for the account or any of its device ids, and its devices' rate-limit windows. */
async function removeDeviceTraces(trx: Transaction<Database>, accountId: Uint8Array, devices: readonly Buffer[]): Promise<void> {
  const id = Buffer.from(accountId);
  await trx.deleteFrom('auth_challenges').where('account_id', '=', id).execute();
  if (devices.length === 0) return;
  await trx.deleteFrom('auth_challenges').where('device_id', 'in', devices).execute();
  await trx.deleteFrom('rate_limits').where('bucket', 'in', [...deviceBuckets(accountId, devices).keys()]).execute();
}
