/**
 * Identity chains in the server database (DESIGN.md §5): entries by (account, seq), appended by
 * compare-and-swap on the head. An append runs in one transaction that first touches the account's
 * row (an UPDATE: a row lock on PostgreSQL, the write lock on SQLite), re-validates the stored chain
 * with shared/chains, checks `prev` against the head (CONFLICT when stale), applies the new entry
 * with the same rules as clients (BAD_CHAIN when refused), stores it, and mirrors device changes
 * into `devices`: an add-device entry adds a device, a revoke-device entry revokes it at once.
 */
import type { Kysely, Transaction } from 'kysely';
import { decodeEntry } from '../../shared/chains/entry';
import { applyIdentityEntry, validateIdentityChain, type IdentityState } from '../../shared/chains/identity-chain';
import { equalBytes } from '../../shared/crypto/constant-time';
import { VaultError } from '../../shared/protocol/errors';
import type { Database } from './schema';

export interface ChainPosition {
  readonly seq: number;
  readonly head: Uint8Array;
}

export async function readIdentityChain(db: Kysely<Database>, accountId: Uint8Array, from: number): Promise<{ entries: Uint8Array[]; head: Uint8Array } | undefined> {
  const rows = await db
    .selectFrom('identity_chain_entries')
    .select(['seq', 'entry', 'entry_hash'])
    .where('account_id', '=', Buffer.from(accountId))
    .orderBy('seq')
    .execute();
  const last = rows.at(-1);
  if (last === undefined) return undefined;
  return { entries: rows.filter((row) => row.seq >= from).map((row) => new Uint8Array(row.entry)), head: new Uint8Array(last.entry_hash) };
}

function refused(error: unknown): never {
  if (error instanceof VaultError) throw new VaultError('BAD_CHAIN', 'entry refused by the identity chain rules');
  throw error;
}

export async function appendIdentityChainEntry(db: Kysely<Database>, accountId: Uint8Array, entryBytes: Uint8Array, prev: Uint8Array): Promise<ChainPosition> {
  return db.transaction().execute(async (trx) => {
    const account = Buffer.from(accountId);
    const locked = await trx.updateTable('accounts').set((eb) => ({ created_at: eb.ref('created_at') })).where('id', '=', account).executeTakeFirst();
    if (locked.numUpdatedRows === 0n) throw new VaultError('NOT_FOUND', 'no such account');
    const rows = await trx.selectFrom('identity_chain_entries').select('entry').where('account_id', '=', account).orderBy('seq').execute();
    const state = validateIdentityChain(rows.map((row) => new Uint8Array(row.entry)));
    if (!equalBytes(state.head, prev)) throw new VaultError('CONFLICT', 'the chain head moved: re-validate and re-sign');
    let next: IdentityState;
    let entry;
    try {
      entry = decodeEntry(entryBytes);
      next = applyIdentityEntry(state, entry);
    } catch (error) {
      refused(error);
    }
    await trx
      .insertInto('identity_chain_entries')
      .values({ account_id: account, seq: state.length, entry: Buffer.from(entryBytes), entry_hash: Buffer.from(entry.hash) })
      .execute();
    await mirrorDevices(trx, account, entry.body);
    return { seq: state.length, head: next.head };
  });
}

async function mirrorDevices(trx: Transaction<Database>, account: Buffer, body: ReturnType<typeof decodeEntry>['body']): Promise<void> {
  if (body.chain !== 'identity') return;
  if (body.op === 'add-device') {
    await trx
      .insertInto('devices')
      .values({ account_id: account, device_id: Buffer.from(body.args.deviceId), signing_key: Buffer.from(body.args.signingKey), revoked: 0 })
      .execute();
  } else if (body.op === 'revoke-device') {
    await trx
      .updateTable('devices')
      .set({ revoked: 1 })
      .where('account_id', '=', account)
      .where('device_id', '=', Buffer.from(body.args.deviceId))
      .execute();
  }
}
