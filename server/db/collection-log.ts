/**
 * Collection logs in the server database (DESIGN.md §6 Log): append-only per collection, seq
 * assigned here, heads chained as head_n = SHA-256(head_{n-1} ‖ batch_id), batch_id = SHA-256(batch
 * bytes), head_0 = 32 zero bytes.
 *
 * Seq allocation runs in one transaction holding the collection's `collection_heads` row:
 * PostgreSQL locks it with `SELECT … FOR UPDATE` (several server processes may append at once);
 * SQLite takes its write lock with the first statement (an upsert) and has one writer anyway.
 * Under that lock a (device, collection, counter) already taken is answered from the log: the same
 * bytes give the original {seq, head} (a resent outbox batch), different bytes are CONFLICT
 * (equivocation). A collection belongs to the account that first appended to it; any other
 * account gets NOT_FOUND (membership from collection chains is not checked here yet).
 */
import type { Kysely, Transaction } from 'kysely';
import { equalBytes } from '../../shared/crypto/constant-time';
import { sha256 } from '../../shared/crypto/hash';
import { VaultError } from '../../shared/protocol/errors';
import type { VaultDatabase } from './open-database';
import type { Database } from './schema';

export const HEAD_ZERO = new Uint8Array(32);

export interface BatchAppend {
  readonly collectionId: Uint8Array;
  readonly accountId: Uint8Array;
  readonly deviceId: Uint8Array;
  readonly counter: number;
  readonly batch: Uint8Array;
}

export interface LogPosition {
  readonly seq: number;
  readonly head: Uint8Array;
}

export interface LogChange extends LogPosition {
  readonly batch: Uint8Array;
}

/** head_n from head_{n-1} and the batch bytes. */
export function nextHead(previous: Uint8Array, batch: Uint8Array): Uint8Array {
  const joined = new Uint8Array(previous.length + 32);
  joined.set(previous, 0);
  joined.set(sha256(batch), previous.length);
  return sha256(joined);
}

export async function appendBatch(database: VaultDatabase, append: BatchAppend, now: number): Promise<LogPosition> {
  return database.db.transaction().execute(async (trx) => {
    const current = await lockHead(trx, database.kind, append);
    const taken = await trx
      .selectFrom('collection_logs')
      .select(['seq', 'head', 'batch'])
      .where('device_id', '=', Buffer.from(append.deviceId))
      .where('collection_id', '=', Buffer.from(append.collectionId))
      .where('counter', '=', append.counter)
      .executeTakeFirst();
    if (taken !== undefined) {
      if (!equalBytes(new Uint8Array(taken.batch), append.batch)) {
        throw new VaultError('CONFLICT', 'a different batch holds this counter');
      }
      return { seq: taken.seq, head: new Uint8Array(taken.head) };
    }
    const seq = current.seq + 1;
    const head = nextHead(current.head, append.batch);
    await trx
      .insertInto('collection_logs')
      .values({
        collection_id: Buffer.from(append.collectionId),
        seq,
        batch_id: Buffer.from(sha256(append.batch)),
        head: Buffer.from(head),
        device_id: Buffer.from(append.deviceId),
        counter: append.counter,
        batch: Buffer.from(append.batch),
        created_at: now,
      })
      .execute();
    await trx
      .updateTable('collection_heads')
      .set({ seq, head: Buffer.from(head) })
      .where('collection_id', '=', Buffer.from(append.collectionId))
      .execute();
    return { seq, head };
  });
}

/** Creates the collection's head row if missing and locks it; refuses another account's collection. */
async function lockHead(trx: Transaction<Database>, kind: VaultDatabase['kind'], append: BatchAppend): Promise<LogPosition> {
  const id = Buffer.from(append.collectionId);
  await trx
    .insertInto('collection_heads')
    .values({ collection_id: id, account_id: Buffer.from(append.accountId), seq: 0, head: Buffer.from(HEAD_ZERO) })
    .onConflict((conflict) => conflict.column('collection_id').doNothing())
    .execute();
  const query = trx.selectFrom('collection_heads').select(['account_id', 'seq', 'head']).where('collection_id', '=', id);
  const row = await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
  if (!equalBytes(new Uint8Array(row.account_id), append.accountId)) throw new VaultError('NOT_FOUND', 'no such collection');
  return { seq: row.seq, head: new Uint8Array(row.head) };
}

/**
 * Up to `limit` changes with seq > since, in seq order, plus whether more remain. A collection that
 * does not exist yet reads as empty; another account's collection is NOT_FOUND.
 */
export async function readChanges(
  db: Kysely<Database>,
  collectionId: Uint8Array,
  accountId: Uint8Array,
  since: number,
  limit: number,
): Promise<{ changes: LogChange[]; more: boolean }> {
  const id = Buffer.from(collectionId);
  const owner = await db.selectFrom('collection_heads').select('account_id').where('collection_id', '=', id).executeTakeFirst();
  if (owner === undefined) return { changes: [], more: false };
  if (!equalBytes(new Uint8Array(owner.account_id), accountId)) throw new VaultError('NOT_FOUND', 'no such collection');
  const rows = await db
    .selectFrom('collection_logs')
    .select(['seq', 'head', 'batch'])
    .where('collection_id', '=', id)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map((row) => ({ seq: row.seq, head: new Uint8Array(row.head), batch: new Uint8Array(row.batch) }));
  return { changes: page, more: rows.length > limit };
}
