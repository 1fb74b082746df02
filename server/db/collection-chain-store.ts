/**
 * Collection chains in the server database (DESIGN.md §5): entries by (collection, seq), appended by
 * compare-and-swap on the head, checked with the clients' rules (shared/chains) against the stored
 * identity chains of everyone involved (`identity-resolver.ts`).
 *
 * A genesis (sent with prev = 32 zero bytes) creates the collection: its `collection_heads` row (the
 * log's seq and head, and the lock every later append takes), the entry and the owner's membership.
 * Only a device of the owner's account may send it, and only for the id in the URL; a genesis for a
 * taken id is CONFLICT. Every later entry runs in one transaction holding the collection's row
 * (PostgreSQL `SELECT … FOR UPDATE`; SQLite's single writer): the caller must be a current member
 * (else NOT_FOUND, the answer for an unknown collection), the stored chain is re-validated, `prev`
 * must equal its head (else CONFLICT), the entry must pass `applyCollectionEntry` (else BAD_CHAIN),
 * and the members mirror (`collection-members.ts`) is rewritten from the new state.
 */
import type { Kysely, Transaction } from 'kysely';
import { applyCollectionEntry, type CollectionState, type IdentityResolver } from '../../shared/chains/collection-chain';
import { decodeEntry, GENESIS_PREV, type Entry } from '../../shared/chains/entry';
import { equalBytes } from '../../shared/crypto/constant-time';
import { VaultError } from '../../shared/protocol/errors';
import { memberRole, replaceMembers } from './collection-members';
import type { ChainPosition } from './identity-chain-store';
import { loadIdentityResolver } from './identity-resolver';
import type { VaultDatabase } from './open-database';
import type { Database } from './schema';

export interface CollectionEntryAppend {
  readonly collectionId: Uint8Array;
  /** The session's account. */
  readonly accountId: Uint8Array;
  readonly entry: Uint8Array;
  readonly prev: Uint8Array;
}

const notFound = () => new VaultError('NOT_FOUND', 'no such collection');

function refused(error: unknown): never {
  if (error instanceof VaultError) throw new VaultError('BAD_CHAIN', 'entry refused by the collection chain rules');
  throw error;
}

function decodeOrRefuse(bytes: Uint8Array): Entry {
  try {
    const entry = decodeEntry(bytes);
    if (entry.body.chain !== 'collection') throw new VaultError('BAD_CHAIN', 'not a collection chain entry');
    return entry;
  } catch (error) {
    return refused(error);
  }
}

/** The chain from seq `from`, for a current member; NOT_FOUND for anyone else or an unknown collection. */
export async function readCollectionChain(
  db: Kysely<Database>,
  collectionId: Uint8Array,
  accountId: Uint8Array,
  from: number,
): Promise<{ entries: Uint8Array[]; head: Uint8Array }> {
  if ((await memberRole(db, collectionId, accountId)) === null) throw notFound();
  const rows = await db
    .selectFrom('collection_chain_entries')
    .select(['seq', 'entry', 'entry_hash'])
    .where('collection_id', '=', Buffer.from(collectionId))
    .orderBy('seq')
    .execute();
  const last = rows.at(-1);
  if (last === undefined) throw notFound();
  return { entries: rows.filter((row) => row.seq >= from).map((row) => new Uint8Array(row.entry)), head: new Uint8Array(last.entry_hash) };
}

export async function appendCollectionChainEntry(database: VaultDatabase, append: CollectionEntryAppend): Promise<ChainPosition> {
  const entry = decodeOrRefuse(append.entry);
  return database.db.transaction().execute(async (trx) => {
    const exists = await lockCollection(trx, database.kind, append.collectionId);
    if (entry.body.op === 'genesis') {
      if (exists) throw new VaultError('CONFLICT', 'the collection exists: fetch its chain');
      return createCollection(trx, append, entry);
    }
    if (!exists || (await memberRole(trx, append.collectionId, append.accountId)) === null) throw notFound();
    const stored = await storedEntries(trx, append.collectionId);
    const resolve = await loadIdentityResolver(trx, [...stored, entry]);
    const state = replay(stored, resolve);
    if (!equalBytes(state.head, append.prev)) throw new VaultError('CONFLICT', 'the chain head moved: re-validate and re-sign');
    let next: CollectionState;
    try {
      next = applyCollectionEntry(state, entry, resolve);
    } catch (error) {
      refused(error);
    }
    await insertEntry(trx, append.collectionId, state.length, entry);
    await replaceMembers(trx, append.collectionId, next);
    return { seq: state.length, head: next.head };
  });
}

/** Locks the collection's row if it exists (PostgreSQL row lock; SQLite holds its one writer). */
async function lockCollection(trx: Transaction<Database>, kind: VaultDatabase['kind'], collectionId: Uint8Array): Promise<boolean> {
  const query = trx.selectFrom('collection_heads').select('collection_id').where('collection_id', '=', Buffer.from(collectionId));
  return (await (kind === 'postgres' ? query.forUpdate() : query).executeTakeFirst()) !== undefined;
}

async function createCollection(trx: Transaction<Database>, append: CollectionEntryAppend, entry: Entry): Promise<ChainPosition> {
  const body = entry.body;
  if (body.chain !== 'collection' || body.op !== 'genesis') throw new VaultError('INTERNAL', 'not a collection genesis');
  if (!equalBytes(append.prev, GENESIS_PREV)) throw new VaultError('CONFLICT', 'a genesis follows the zero head');
  if (!equalBytes(body.chainId, append.collectionId)) throw new VaultError('BAD_CHAIN', 'the genesis names another collection');
  if (!equalBytes(body.args.owner, append.accountId)) {
    throw new VaultError('FORBIDDEN_SENDER', 'a collection is created by a device of its owner');
  }
  let state: CollectionState;
  try {
    state = applyCollectionEntry(null, entry, await loadIdentityResolver(trx, [entry]));
  } catch (error) {
    refused(error);
  }
  const inserted = await trx
    .insertInto('collection_heads')
    .values({ collection_id: Buffer.from(append.collectionId), account_id: Buffer.from(body.args.owner), seq: 0, head: Buffer.from(GENESIS_PREV) })
    .onConflict((conflict) => conflict.column('collection_id').doNothing())
    .executeTakeFirst();
  if (inserted.numInsertedOrUpdatedRows === 0n) throw new VaultError('CONFLICT', 'the collection exists: fetch its chain');
  await insertEntry(trx, append.collectionId, 0, entry);
  await replaceMembers(trx, append.collectionId, state);
  return { seq: 0, head: state.head };
}

async function storedEntries(trx: Transaction<Database>, collectionId: Uint8Array): Promise<Entry[]> {
  const rows = await trx
    .selectFrom('collection_chain_entries')
    .select('entry')
    .where('collection_id', '=', Buffer.from(collectionId))
    .orderBy('seq')
    .execute();
  return rows.map((row) => decodeEntry(new Uint8Array(row.entry)));
}

/** The state after the stored entries; a stored chain that no longer validates is a server fault. */
function replay(entries: readonly Entry[], resolve: IdentityResolver): CollectionState {
  let state: CollectionState | null = null;
  try {
    for (const entry of entries) state = applyCollectionEntry(state, entry, resolve);
  } catch (error) {
    throw new VaultError('INTERNAL', `stored collection chain does not validate: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (state === null) throw new VaultError('INTERNAL', 'stored collection chain is empty');
  return state;
}

async function insertEntry(trx: Transaction<Database>, collectionId: Uint8Array, seq: number, entry: Entry): Promise<void> {
  await trx
    .insertInto('collection_chain_entries')
    .values({ collection_id: Buffer.from(collectionId), seq, entry: Buffer.from(entry.bytes), entry_hash: Buffer.from(entry.hash) })
    .execute();
}
