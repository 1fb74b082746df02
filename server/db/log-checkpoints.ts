/**
 * Checkpoints of collection logs on the server (docs/decisions/008-compact-checkpoints.md).
 *
 * - `registerCheckpoint`: a current member's device names one of its OWN batches in the log as a
 *   checkpoint manifest; the base is that batch's `seen.seq` (decoded with shared/sync/batch.ts; the
 *   server cannot open the sealed manifest and does not need to: clients verify it). Refused: an
 *   unknown collection or non-member (NOT_FOUND), a seq that holds no batch of this device or whose
 *   bytes are gone (NOT_FOUND), a batch that does not decode or sees nothing (BAD_INPUT).
 *   Registering the same seq again answers the same {seq, base}.
 * - `latestCheckpoint`: the newest registered checkpoint of a collection (named on every changes page).
 * - `compactLogs`: for each collection, the newest checkpoint whose base row is older than the cut
 *   (`olderThanMs` before now); the batch bytes of every row at or below that base are replaced by
 *   nothing, keeping seq, head and batch_id, so clients can still link their pins to the base head.
 *   Rows after a base are never touched. Returns what it stripped.
 */
import { sql, type Kysely } from 'kysely';
import { VaultError } from '../../shared/protocol/errors';
import { decodeBatch } from '../../shared/sync/batch';
import { byteLength } from './account-inventory';
import { memberRole } from './collection-members';
import type { VaultDatabase } from './open-database';
import type { Database } from './schema';

export interface CheckpointRef {
  readonly seq: number;
  readonly base: number;
}

export interface LogCompaction {
  /** Collections compacted and rows stripped of their bytes. */
  readonly collections: number;
  readonly rows: number;
  /** Batch bytes removed. */
  readonly bytes: number;
}

const EMPTY = Buffer.alloc(0);

export async function registerCheckpoint(
  db: Kysely<Database>,
  register: { collectionId: Uint8Array; accountId: Uint8Array; deviceId: Uint8Array; seq: number },
  now: number,
): Promise<CheckpointRef> {
  const collection = Buffer.from(register.collectionId);
  if ((await memberRole(db, register.collectionId, register.accountId)) === null) throw new VaultError('NOT_FOUND', 'no such collection');
  const row = await db
    .selectFrom('collection_logs')
    .select(['batch', 'device_id'])
    .where('collection_id', '=', collection)
    .where('seq', '=', register.seq)
    .executeTakeFirst();
  if (row === undefined || row.batch.length === 0 || !Buffer.from(register.deviceId).equals(row.device_id)) {
    throw new VaultError('NOT_FOUND', 'no such batch of this device');
  }
  let base: number;
  try {
    base = decodeBatch(new Uint8Array(row.batch)).fields.seen.seq;
  } catch {
    throw new VaultError('BAD_INPUT', 'the batch is not a checkpoint manifest');
  }
  if (base < 1 || base >= register.seq) throw new VaultError('BAD_INPUT', 'a checkpoint covers at least one earlier entry');
  await db
    .insertInto('collection_checkpoints')
    .values({ collection_id: collection, seq: register.seq, base_seq: base, device_id: Buffer.from(register.deviceId), created_at: now })
    .onConflict((oc) => oc.columns(['collection_id', 'seq']).doNothing())
    .execute();
  return { seq: register.seq, base };
}

export async function latestCheckpoint(db: Kysely<Database>, collectionId: Uint8Array): Promise<CheckpointRef | undefined> {
  const row = await db
    .selectFrom('collection_checkpoints')
    .select(['seq', 'base_seq'])
    .where('collection_id', '=', Buffer.from(collectionId))
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : { seq: Number(row.seq), base: Number(row.base_seq) };
}

/** The newest checkpoint of each collection whose base row was appended at or before `cut`. */
async function compactableBases(db: Kysely<Database>, cut: number): Promise<{ collectionId: Buffer; base: number }[]> {
  const rows = await db
    .selectFrom('collection_checkpoints as c')
    .innerJoin('collection_logs as l', (join) => join.onRef('l.collection_id', '=', 'c.collection_id').onRef('l.seq', '=', 'c.base_seq'))
    .select(['c.collection_id', (eb) => eb.fn.max('c.base_seq').as('base')])
    .where('l.created_at', '<=', cut)
    .groupBy('c.collection_id')
    .execute();
  return rows.map((row) => ({ collectionId: row.collection_id, base: Number(row.base) }));
}

export async function compactLogs(database: VaultDatabase, now: number, olderThanMs: number): Promise<LogCompaction> {
  const { db, kind } = database;
  let collections = 0;
  let rows = 0;
  let bytes = 0;
  for (const { collectionId, base } of await compactableBases(db, now - olderThanMs)) {
    const stripped = await db.transaction().execute(async (trx) => {
      const found = await trx
        .selectFrom('collection_logs')
        .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.sum<number | string | null>(byteLength(kind, 'batch')).as('bytes')])
        .where('collection_id', '=', collectionId)
        .where('seq', '<=', base)
        .where(byteLength(kind, 'batch'), '>', 0)
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('collection_logs')
        .set({ batch: EMPTY })
        .where('collection_id', '=', collectionId)
        .where('seq', '<=', base)
        .where(sql<number>`${byteLength(kind, 'batch')}`, '>', 0)
        .execute();
      return { n: Number(found.n), bytes: Number(found.bytes ?? 0) };
    });
    if (stripped.n > 0) collections += 1;
    rows += stripped.n;
    bytes += stripped.bytes;
  }
  return { collections, rows, bytes };
}
