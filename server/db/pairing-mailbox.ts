/**
 * The pairing relay's mailboxes in the server database (DESIGN.md §7, docs/pairing.md §11): a
 * short-lived store-and-forward box per invite id, holding sealed pairing messages the server cannot
 * open. The first message (or a close) opens a mailbox, which expires `PAIRING_TTL_MS` later; its
 * messages are deleted then, and the row stays as a tombstone for `PAIRING_TOMBSTONE_MS` more so a
 * replayed invite meets "expired" rather than a fresh mailbox.
 *
 * A post runs in one transaction holding the mailbox row (PostgreSQL `SELECT … FOR UPDATE`; SQLite's
 * single writer), so seq numbers are 1, 2, … without gaps and the limits hold under concurrent posts.
 * Refuses: an expired mailbox (STALE), a closed one (CONFLICT), a mailbox over its message count or
 * byte budget (PAYLOAD_TOO_LARGE).
 */
import type { Kysely } from 'kysely';
import { PAIRING_MAILBOX_MAX_BYTES, PAIRING_MAX_MESSAGES, PAIRING_TTL_MS } from '../../shared/protocol/api/pairing';
import { VaultError } from '../../shared/protocol/errors';
import type { VaultDatabase } from './open-database';
import type { Database } from './schema';

/** How long an expired mailbox's row is kept (without its messages) to refuse a replayed invite. */
export const PAIRING_TOMBSTONE_MS = 60 * 60 * 1000;

export interface StoredPairingMessage {
  readonly seq: number;
  readonly step: string;
  readonly box: Uint8Array;
}

export interface MailboxContents {
  readonly messages: readonly StoredPairingMessage[];
  readonly closed: boolean;
}

const expired = () => new VaultError('STALE', 'this invite expired on the relay: make a new one');

/** Opens the mailbox if it is new (no-op otherwise). */
async function open(db: Kysely<Database>, invite: Buffer, now: number): Promise<void> {
  await db
    .insertInto('pairing_mailboxes')
    .values({ invite_id: invite, created_at: now, expires_at: now + PAIRING_TTL_MS, closed: 0, messages: 0, bytes: 0 })
    .onConflict((conflict) => conflict.column('invite_id').doNothing())
    .execute();
}

/** Stores one message; returns its seq in the mailbox. */
export async function postPairingMessage(database: VaultDatabase, inviteId: Uint8Array, step: string, box: Uint8Array, now: number): Promise<number> {
  const invite = Buffer.from(inviteId);
  return database.db.transaction().execute(async (trx) => {
    await open(trx, invite, now);
    const query = trx.selectFrom('pairing_mailboxes').select(['expires_at', 'closed', 'messages', 'bytes']).where('invite_id', '=', invite);
    const row = await (database.kind === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
    if (Number(row.expires_at) <= now) throw expired();
    if (row.closed !== 0) throw new VaultError('CONFLICT', 'this invite is closed: it was used or cancelled');
    if (row.messages >= PAIRING_MAX_MESSAGES || row.bytes + box.length > PAIRING_MAILBOX_MAX_BYTES) {
      throw new VaultError('PAYLOAD_TOO_LARGE', "this invite's mailbox is full");
    }
    const seq = row.messages + 1;
    await trx.insertInto('pairing_messages').values({ invite_id: invite, seq, step, box: Buffer.from(box) }).execute();
    await trx
      .updateTable('pairing_mailboxes')
      .set({ messages: seq, bytes: row.bytes + box.length })
      .where('invite_id', '=', invite)
      .execute();
    return seq;
  });
}

/** The messages after `after`, in order; a mailbox never opened is empty. */
export async function readPairingMessages(db: Kysely<Database>, inviteId: Uint8Array, after: number, now: number): Promise<MailboxContents> {
  const invite = Buffer.from(inviteId);
  const row = await db.selectFrom('pairing_mailboxes').select(['expires_at', 'closed']).where('invite_id', '=', invite).executeTakeFirst();
  if (row === undefined) return { messages: [], closed: false };
  if (Number(row.expires_at) <= now) throw expired();
  const rows = await db
    .selectFrom('pairing_messages')
    .select(['seq', 'step', 'box'])
    .where('invite_id', '=', invite)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(PAIRING_MAX_MESSAGES)
    .execute();
  return { messages: rows.map((r) => ({ seq: Number(r.seq), step: r.step, box: new Uint8Array(r.box) })), closed: row.closed !== 0 };
}

/** No more posts to this mailbox (opened closed if it is new); an expired one is left alone. */
export async function closePairingMailbox(db: Kysely<Database>, inviteId: Uint8Array, now: number): Promise<void> {
  const invite = Buffer.from(inviteId);
  await open(db, invite, now);
  await db.updateTable('pairing_mailboxes').set({ closed: 1 }).where('invite_id', '=', invite).where('expires_at', '>', now).execute();
}

/** Deletes the messages of expired mailboxes, and tombstones past their keeping time. */
export async function purgePairingMailboxes(db: Kysely<Database>, now: number): Promise<void> {
  const expiredIds = db.selectFrom('pairing_mailboxes').select('invite_id').where('expires_at', '<=', now);
  await db.deleteFrom('pairing_messages').where('invite_id', 'in', expiredIds).execute();
  await db.deleteFrom('pairing_mailboxes').where('expires_at', '<=', now - PAIRING_TOMBSTONE_MS).execute();
}
