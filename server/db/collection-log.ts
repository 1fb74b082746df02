/**
 * Collection logs in the server database (DESIGN.md §6 Log): append-only per collection, seq
 * assigned here, heads chained as head_n = SHA-256(head_{n-1} ‖ batch_id), batch_id = SHA-256(batch
 * bytes), head_0 = 32 zero bytes.
 *
 * Seq allocation runs in one transaction holding the collection's `collection_heads` row:
 * PostgreSQL locks it with `SELECT … FOR UPDATE` (several server processes may append at once);
 * SQLite has one writer, and the server's one connection runs one transaction at a time.
 * Under that lock: a collection without a chain (no genesis appended) and an account that is not a
 * current member are both NOT_FOUND; a (device, collection, counter) already taken is answered from
 * the log: the same bytes give the original {seq, head} (a resent outbox batch), different bytes
 * are CONFLICT (equivocation); a new batch needs a writer role (owner, admin, editor; else
 * FORBIDDEN_SENDER) and a device that is not revoked (UNAUTHORIZED). The role and device checks are
 * a courtesy: clients refuse a batch whose signer had no right at its chain position (DESIGN.md §8).
 * A new batch is announced on the hint bus (NOTIFY inside the transaction on PostgreSQL; after the
 * commit in-process on SQLite).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Role } from '../../shared/chains/collection-roles';
import { equalBytes } from '../../shared/crypto/constant-time';
import { sha256 } from '../../shared/crypto/hash';
import { VaultError } from '../../shared/protocol/errors';
import type { HintBus } from '../hints/hint-bus';
import { memberRole, WRITER_ROLES } from './collection-members';
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
  /** The exact batch bytes; empty once compacted into a checkpoint (then `batchId` says which). */
  readonly batch: Uint8Array;
  readonly batchId: Uint8Array;
}

/** head_n from head_{n-1} and the batch bytes. */
export function nextHead(previous: Uint8Array, batch: Uint8Array): Uint8Array {
  const joined = new Uint8Array(previous.length + 32);
  joined.set(previous, 0);
  joined.set(sha256(batch), previous.length);
  return sha256(joined);
}

export async function appendBatch(database: VaultDatabase, append: BatchAppend, now: number, hints: HintBus): Promise<LogPosition> {
  const appended = await database.db.transaction().execute(async (trx) => {
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
      return { seq: taken.seq, head: new Uint8Array(taken.head), fresh: false };
    }
    if (!WRITER_ROLES.includes(current.role)) throw new VaultError('FORBIDDEN_SENDER', 'viewers do not append batches');
    await requireTrustedDevice(trx, append);
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
    await hints.inTransaction(trx, { collectionId: append.collectionId, seq });
    return { seq, head, fresh: true };
  });
  if (appended.fresh) hints.committed({ collectionId: append.collectionId, seq: appended.seq });
  return { seq: appended.seq, head: appended.head };
}

/** Locks the collection's head row; NOT_FOUND without a chain or for a non-member. */
async function lockHead(trx: Transaction<Database>, kind: VaultDatabase['kind'], append: BatchAppend): Promise<LogPosition & { role: Role }> {
  const query = trx.selectFrom('collection_heads').select(['seq', 'head']).where('collection_id', '=', Buffer.from(append.collectionId));
  const row = await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  const role = row === undefined ? null : await memberRole(trx, append.collectionId, append.accountId);
  if (row === undefined || role === null) throw new VaultError('NOT_FOUND', 'no such collection');
  return { seq: row.seq, head: new Uint8Array(row.head), role };
}

/** The session's device, re-read under the lock: a device revoked since sign-in appends nothing. */
async function requireTrustedDevice(trx: Transaction<Database>, append: BatchAppend): Promise<void> {
  const device = await trx
    .selectFrom('devices')
    .select('revoked')
    .where('account_id', '=', Buffer.from(append.accountId))
    .where('device_id', '=', Buffer.from(append.deviceId))
    .executeTakeFirst();
  if (device === undefined || device.revoked !== 0) throw new VaultError('UNAUTHORIZED', 'authentication failed');
}

/**
 * Up to `limit` changes with seq > since, in seq order, plus whether more remain, for a current
 * member; an unknown collection and a non-member are both NOT_FOUND. A row compacted into a
 * checkpoint (log-checkpoints.ts) comes with an empty `batch`.
 */
export async function readChanges(
  db: Kysely<Database>,
  collectionId: Uint8Array,
  accountId: Uint8Array,
  since: number,
  limit: number,
): Promise<{ changes: LogChange[]; more: boolean }> {
  if ((await memberRole(db, collectionId, accountId)) === null) throw new VaultError('NOT_FOUND', 'no such collection');
  const rows = await db
    .selectFrom('collection_logs')
    .select(['seq', 'head', 'batch', 'batch_id'])
    .where('collection_id', '=', Buffer.from(collectionId))
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows
    .slice(0, limit)
    .map((row) => ({ seq: row.seq, head: new Uint8Array(row.head), batch: new Uint8Array(row.batch), batchId: new Uint8Array(row.batch_id) }));
  return { changes: page, more: rows.length > limit };
}
