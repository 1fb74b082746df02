/**
 * The pairing relay on a real server, SQLite and PostgreSQL: sealed messages go both ways in order
 * and come back byte for byte; a long-poll answers when a message arrives; a closed invite takes no
 * more posts; an expired one is refused to readers and writers and its messages are deleted; boxes
 * and mailboxes are bounded; the server stores nothing but the invite id, steps and boxes; fuzzed
 * inputs never give a 5xx.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { createInvite, type Invite } from '../../../shared/pairing/invite';
import { decodeMessage, encodeMessage } from '../../../shared/pairing/messages';
import { NewDevicePairing } from '../../../shared/pairing/new-side';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import {
  PAIRING_BOX_MAX_BYTES,
  PAIRING_MAILBOX_MAX_BYTES,
  PAIRING_MAX_MESSAGES,
  pairingClosePath,
  pairingMessagesPath,
  pairingMessagesResponseSchema,
} from '../../../shared/protocol/api/pairing';
import { PairingRelay } from '../../../shared/protocol/client/pairing-relay';
import { PAIRING_TOMBSTONE_MS } from '../../db/pairing-mailbox';
import type { RunningServer } from '../../start-server';
import { httpsRequest, type HttpsResponse } from '../../testing/https-request';
import { describeOnDatabases, type ServerSuite } from '../../testing/on-databases';
import { getJson, postJson } from '../../testing/sync-client';
import { trustingFetch, type TrustingFetch } from '../../testing/trusting-fetch';
import { codeOf } from '../../../shared/protocol/testing/error-code';

const DAY_MS = 86_400_000;


function expectHandled(res: HttpsResponse): void {
  expect(res.status).toBeLessThan(500);
  if (res.status >= 400) expect(errorBodySchema.safeParse(res.json()).success).toBe(true);
}

const errorOf = (res: HttpsResponse) => [res.status, errorBodySchema.parse(res.json()).error.code];

function relayTests(suite: ServerSuite): void {
  let client: TrustingFetch;
  beforeAll(() => {
    client = trustingFetch(suite.server().certPem);
  });
  afterAll(() => client.close());

  const server = (): RunningServer => suite.server();
  const newInvite = (): Invite => createInvite(server().url, randomBytes(32));
  const relayFor = (invite: Invite) => new PairingRelay({ server: invite.server, fetch: client.fetch, inviteId: invite.inviteId });
  const box = (bytes: number) => ({ step: 'hello', box: toBase64url(new Uint8Array(bytes).fill(7)) });
  const post = (invite: Invite, body: unknown) => postJson(server(), pairingMessagesPath(toBase64url(invite.inviteId)), body);
  const expire = async (invite: Invite, at: number) => {
    await suite.database().db.updateTable('pairing_mailboxes').set({ expires_at: at }).where('invite_id', '=', Buffer.from(invite.inviteId)).execute();
  };

  it('relays sealed messages both ways, in order, byte for byte', async () => {
    const invite = newInvite();
    const { hello } = NewDevicePairing.start(invite);
    const newSide = relayFor(invite);
    const trustedSide = relayFor(invite);
    expect(await trustedSide.read(0)).toEqual({ messages: [], closed: false });
    expect(await newSide.post(hello)).toBe(1);
    const first = await trustedSide.read(0);
    expect(first.messages.map((m) => [m.seq, m.step])).toEqual([[1, 'hello']]);
    expect(first.messages[0]?.bytes).toEqual(hello);
    const offer = NewDevicePairing.start(invite).hello; // any sealed message of this invite stands in for the offer
    const reply = { ...decodeMessage(offer), step: 'offer' as const };
    expect(await trustedSide.post(encodeMessage(reply))).toBe(2);
    const later = await newSide.read(1);
    expect(later.messages.map((m) => [m.seq, m.step])).toEqual([[2, 'offer']]);
    expect(decodeMessage(later.messages[0]?.bytes ?? new Uint8Array()).box).toEqual(reply.box);
    expect((await newSide.read(2)).messages).toEqual([]);
  });

  it('numbers concurrent posts 1..n without gaps or failures', async () => {
    const invite = newInvite();
    const seqs = await Promise.all(Array.from({ length: 8 }, () => relayFor(invite).post(NewDevicePairing.start(invite).hello)));
    expect([...seqs].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("refuses to post another invite's message to this mailbox (client side)", async () => {
    const { hello } = NewDevicePairing.start(newInvite());
    expect(await codeOf(relayFor(newInvite()).post(hello))).toBe('BAD_INPUT');
  });

  it('answers a long-poll as soon as a message arrives, and empty once its wait is over', async () => {
    const invite = newInvite();
    const relay = relayFor(invite);
    const started = Date.now();
    const waiting = relay.read(0, 8);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await relay.post(NewDevicePairing.start(invite).hello);
    const page = await waiting;
    expect(page.messages.map((m) => m.step)).toEqual(['hello']);
    expect(Date.now() - started).toBeLessThan(4000);
    const idle = Date.now();
    expect((await relay.read(1, 1)).messages).toEqual([]);
    expect(Date.now() - idle).toBeGreaterThanOrEqual(900);
  });

  it('a closed invite takes no more posts, stays readable, and ends a long-poll at once', async () => {
    const invite = newInvite();
    const relay = relayFor(invite);
    await relay.post(NewDevicePairing.start(invite).hello);
    const waiting = relay.read(1, 8);
    const started = Date.now();
    await relay.close();
    expect(await waiting).toEqual({ messages: [], closed: true });
    expect(Date.now() - started).toBeLessThan(4000);
    expect(await codeOf(relay.post(NewDevicePairing.start(invite).hello))).toBe('CONFLICT');
    const page = await relay.read(0);
    expect([page.messages.length, page.closed]).toEqual([1, true]);
    await relay.close();
    const never = newInvite();
    await relayFor(never).close();
    expect(await codeOf(relayFor(never).post(NewDevicePairing.start(never).hello))).toBe('CONFLICT');
  });

  it('an expired invite is refused to readers and writers (410 STALE), its messages deleted, a replay refused', async () => {
    const invite = newInvite();
    const relay = relayFor(invite);
    await relay.post(NewDevicePairing.start(invite).hello);
    await expire(invite, Date.now() - 1);
    expect(await codeOf(relay.read(0))).toBe('STALE');
    expect(await codeOf(relay.post(NewDevicePairing.start(invite).hello))).toBe('STALE');
    const raw = await getJson(server(), pairingMessagesPath(toBase64url(invite.inviteId)));
    expect(errorOf(raw)).toEqual([410, 'STALE']);
    await relayFor(newInvite()).post(NewDevicePairing.start(newInvite()).hello).catch(() => {}); // any post purges
    const other = newInvite();
    await relayFor(other).post(NewDevicePairing.start(other).hello);
    const rows = await suite.database().db.selectFrom('pairing_messages').select('seq').where('invite_id', '=', Buffer.from(invite.inviteId)).execute();
    expect(rows).toEqual([]);
    expect(await codeOf(relay.post(NewDevicePairing.start(invite).hello))).toBe('STALE');
    await expire(invite, Date.now() - PAIRING_TOMBSTONE_MS - 1);
    await relayFor(other).post(NewDevicePairing.start(other).hello);
    const tombstone = await suite.database().db.selectFrom('pairing_mailboxes').select('invite_id').where('invite_id', '=', Buffer.from(invite.inviteId)).execute();
    expect(tombstone).toEqual([]);
  });

  it('bounds a box, and the messages and bytes of one mailbox', async () => {
    const invite = newInvite();
    expect(errorOf(await post(invite, box(PAIRING_BOX_MAX_BYTES + 1)))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const big = PAIRING_BOX_MAX_BYTES;
    const fits = Math.floor(PAIRING_MAILBOX_MAX_BYTES / big);
    for (let i = 0; i < fits; i++) expect((await post(invite, box(big))).status).toBe(201);
    expect(errorOf(await post(invite, box(1)))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const many = newInvite();
    for (let i = 0; i < PAIRING_MAX_MESSAGES; i++) expect((await post(many, box(40))).status).toBe(201);
    expect(errorOf(await post(many, box(40)))).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const page = pairingMessagesResponseSchema.parse((await getJson(server(), pairingMessagesPath(toBase64url(many.inviteId)))).json());
    expect(page.messages.map((m) => m.seq)).toEqual(Array.from({ length: PAIRING_MAX_MESSAGES }, (_, i) => i + 1));
  });

  it('stores only the invite id, the steps and the boxes: no account, device or address', async () => {
    const invite = newInvite();
    const hello = NewDevicePairing.start(invite).hello;
    await relayFor(invite).post(hello);
    const db = suite.database().db;
    const messages = await db.selectFrom('pairing_messages').selectAll().where('invite_id', '=', Buffer.from(invite.inviteId)).execute();
    expect(messages.map((m) => ({ ...m, box: new Uint8Array(m.box), invite_id: new Uint8Array(m.invite_id) }))).toEqual([
      { invite_id: invite.inviteId, seq: 1, step: 'hello', box: decodeMessage(hello).box },
    ]);
    const mailbox = await db.selectFrom('pairing_mailboxes').selectAll().where('invite_id', '=', Buffer.from(invite.inviteId)).executeTakeFirstOrThrow();
    expect(Object.keys(mailbox).sort()).toEqual(['bytes', 'closed', 'created_at', 'expires_at', 'invite_id', 'messages']);
  });

  it('refuses malformed requests with 400 BAD_INPUT', async () => {
    const invite = toBase64url(randomBytes(16));
    const cases: [string, () => Promise<HttpsResponse>][] = [
      ['short invite id', () => getJson(server(), pairingMessagesPath(toBase64url(randomBytes(15))))],
      ['unknown step', () => postJson(server(), pairingMessagesPath(invite), { step: 'goodbye', box: 'AAAA' })],
      ['extra field', () => postJson(server(), pairingMessagesPath(invite), { step: 'hello', box: 'AAAA', device: 'x' })],
      ['non-canonical box', () => postJson(server(), pairingMessagesPath(invite), { step: 'hello', box: 'AB' })],
      ['negative after', () => getJson(server(), `${pairingMessagesPath(invite)}?after=-1`)],
      ['wait too long', () => getJson(server(), `${pairingMessagesPath(invite)}?wait=11`)],
      ['unknown query', () => getJson(server(), `${pairingMessagesPath(invite)}?since=1`)],
      ['a body on close', () => postJson(server(), pairingClosePath(invite), {})],
    ];
    for (const [name, run] of cases) expect({ name, answer: errorOf(await run()) }).toEqual({ name, answer: [400, 'BAD_INPUT'] });
  });

  it('never answers fuzzed paths, queries and bodies with a 5xx', async () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.base64String(), fc.constant('hello'), fc.array(fc.nat()));
    const body = fc.oneof(
      fc.jsonValue().map((value) => JSON.stringify(value)),
      fc.string(),
      fc.record({ step: field, box: field, __proto__: field }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
    );
    const id = fc.oneof(fc.constant(toBase64url(randomBytes(16))), fc.string({ maxLength: 40 }).map(encodeURIComponent), fc.base64String({ maxLength: 30 }));
    await fc.assert(
      fc.asyncProperty(id, body, fc.string({ maxLength: 30 }), async (invite, text, query) => {
        expectHandled(await postJson(server(), pairingMessagesPath(invite), text));
        expectHandled(await getJson(server(), `${pairingMessagesPath(invite)}?${encodeURI(query)}`));
        expectHandled(await httpsRequest({ url: server().url + pairingClosePath(invite), ca: server().certPem, method: 'POST', body: text }));
      }),
      { numRuns: 40 },
    );
  });
}

describeOnDatabases('pairing relay', relayTests, { rateLimits: { auth: { max: 1_000_000, windowMs: DAY_MS }, device: { max: 1_000_000, windowMs: DAY_MS }, pairing: { max: 1_000_000, windowMs: DAY_MS } } });

describeOnDatabases(
  'pairing relay rate limit',
  ({ server }) => {
    it('limits each address over every relay request with 429 RATE_LIMITED', async () => {
      const invite = toBase64url(randomBytes(16));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await getJson(server(), pairingMessagesPath(invite))).status);
      statuses.push((await postJson(server(), pairingMessagesPath(invite), { step: 'hello', box: 'AAAA' })).status);
      statuses.push((await httpsRequest({ url: server().url + pairingClosePath(invite), ca: server().certPem, method: 'POST' })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    });
  },
  { rateLimits: { auth: { max: 1000, windowMs: DAY_MS }, device: { max: 1000, windowMs: DAY_MS }, pairing: { max: 3, windowMs: DAY_MS } } },
);
