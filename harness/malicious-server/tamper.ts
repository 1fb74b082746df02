/**
 * The malicious server's hands: edits made straight in the real server's database (SQLite or
 * PostgreSQL, through the server's own Kysely schema), the way an operator with full control of
 * the storage could lie. Every rewrite keeps the log *self-consistent* — seq 1..n without gaps and
 * heads re-chained as head_n = SHA-256(head_{n-1} ‖ SHA-256(batch)) — so only the client's own
 * checks (DESIGN.md §6 "Verification before anything is applied") can catch it, never a server
 * that looks obviously broken.
 */
import { entryHash } from '../../shared/chains/entry';
import { sha256 } from '../../shared/crypto/hash';
import { randomBytes } from '../../shared/crypto/random';
import { type BatchFields, decodeBatch, signBatch } from '../../shared/sync/batch';
import type { VaultDatabase } from '../../server/db/open-database';

/** One stored log row, as the server holds it. */
export interface StoredBatch {
  readonly seq: number;
  readonly bytes: Uint8Array;
}

const ZERO: Uint8Array = new Uint8Array(32);

function chainHead(previous: Uint8Array, batch: Uint8Array): Uint8Array {
  const joined = new Uint8Array(64);
  joined.set(previous, 0);
  joined.set(sha256(batch), 32);
  return sha256(joined);
}

/** The collection's log in seq order. */
export async function readLog(database: VaultDatabase, collection: Uint8Array): Promise<StoredBatch[]> {
  const rows = await database.db
    .selectFrom('collection_logs')
    .select(['seq', 'batch'])
    .where('collection_id', '=', Buffer.from(collection))
    .orderBy('seq')
    .execute();
  return rows.map((row) => ({ seq: Number(row.seq), bytes: new Uint8Array(row.batch) }));
}

/**
 * Replace the collection's whole log by `batches`, renumbered 1..n with freshly chained heads, and
 * move its head row to match: what a server that rewrites history would serve. The device and
 * counter columns come from each batch when it decodes, else from the row it replaces.
 */
export async function rewriteLog(database: VaultDatabase, collection: Uint8Array, batches: readonly Uint8Array[]): Promise<void> {
  const id = Buffer.from(collection);
  await database.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('collection_logs').where('collection_id', '=', id).execute();
    let head = ZERO;
    const taken = new Set<string>();
    for (const [index, bytes] of batches.entries()) {
      head = chainHead(head, bytes);
      // The server's own unique (device, collection, counter) index would refuse a replayed batch;
      // a lying server stores it anyway, so a second use of a pair gets filler columns.
      let { device, counter } = columnsOf(bytes, index);
      const pair = `${Buffer.from(device).toString('hex')}:${counter}`;
      if (taken.has(pair)) ({ device, counter } = filler(index));
      taken.add(pair);
      await trx
        .insertInto('collection_logs')
        .values({
          collection_id: id,
          seq: index + 1,
          batch_id: Buffer.from(sha256(bytes)),
          head: Buffer.from(head),
          device_id: Buffer.from(device),
          counter,
          batch: Buffer.from(bytes),
          created_at: Date.now(),
        })
        .execute();
    }
    await trx.updateTable('collection_heads').set({ seq: batches.length, head: Buffer.from(head) }).where('collection_id', '=', id).execute();
  });
}

/** Device and counter columns: from the batch when it still decodes, else unique filler (a damaged batch). */
function columnsOf(bytes: Uint8Array, index: number): { device: Uint8Array; counter: number } {
  try {
    const { fields } = decodeBatch(bytes);
    return { device: fields.device, counter: fields.counter };
  } catch {
    return filler(index);
  }
}

function filler(index: number): { device: Uint8Array; counter: number } {
  const device = new Uint8Array(16);
  device[0] = 0xee;
  device[1] = index & 0xff;
  return { device, counter: 1_000_000 + index };
}

/** A copy of `bytes` with one bit flipped at `offset` (negative counts from the end). */
export function flipBit(bytes: Uint8Array, offset: number): Uint8Array {
  const copy = bytes.slice();
  const at = offset < 0 ? copy.length + offset : offset;
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/** `bytes` decoded, changed by `change` and signed again with a key the server holds (not the device's). */
export function resign(bytes: Uint8Array, change: (fields: BatchFields) => BatchFields): Uint8Array {
  return signBatch(change(decodeBatch(bytes).fields), randomBytes(32)).bytes;
}

/** Append `entry` to a chain as the server's next row, skipping every rule the server would apply. */
export async function forceChainEntry(database: VaultDatabase, chain: 'identity' | 'collection', id: Uint8Array, entry: Uint8Array): Promise<void> {
  const key = Buffer.from(id);
  const row = { seq: 0, entry: Buffer.from(entry), entry_hash: Buffer.from(entryHash(entry)) };
  if (chain === 'identity') {
    const last = await database.db.selectFrom('identity_chain_entries').select('seq').where('account_id', '=', key).orderBy('seq', 'desc').executeTakeFirst();
    await database.db.insertInto('identity_chain_entries').values({ ...row, account_id: key, seq: Number(last?.seq ?? -1) + 1 }).execute();
  } else {
    const last = await database.db.selectFrom('collection_chain_entries').select('seq').where('collection_id', '=', key).orderBy('seq', 'desc').executeTakeFirst();
    await database.db.insertInto('collection_chain_entries').values({ ...row, collection_id: key, seq: Number(last?.seq ?? -1) + 1 }).execute();
  }
}

/** Delete every stored heartbeat of `device` (the server hides that it ever reported). */
export async function hideHeartbeats(database: VaultDatabase, device: Uint8Array): Promise<void> {
  await database.db.deleteFrom('heartbeats').where('device_id', '=', Buffer.from(device)).execute();
}
