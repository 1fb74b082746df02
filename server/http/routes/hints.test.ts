/**
 * WebSocket hints on a real server, SQLite and PostgreSQL: after a first message naming a live
 * session, a socket receives `{ collection, seq }` for every batch appended to a collection its
 * account is a member of, and nothing about others; a first message that is not a session closes
 * the socket with 1008 (a frame over 1 KiB: 1009, message too big), and a revoked device's socket
 * is closed with 4001.
 */
import { expect, it } from 'vitest';
import { toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { addOp, Team } from '../../../shared/chains/team-fixtures';
import { GENESIS_PREV } from '../../../shared/chains/entry';
import { appendBatchResponseSchema, batchesPath } from '../../../shared/protocol/api/collections';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { HINT_CLOSE_POLICY, HINT_CLOSE_SESSION_ENDED, HINT_MAX_CLIENT_MESSAGE, hintSchema, HINTS_PATH } from '../../../shared/protocol/api/hints';
import { revokeDevice } from '../../db/accounts';
import type { RunningServer } from '../../start-server';
import { createCollectionOn, enroll, postChainEntry, type Person } from '../../testing/collection-client';
import { isHint, openHintSocket, untilHinted } from '../../testing/hint-socket';
import { describeOnDatabases } from '../../testing/on-databases';
import { getJson, postJson } from '../../testing/sync-client';

/** Appends batches for one device with its own counter; returns the seq of each. */
function appender(server: RunningServer, person: Person, collection: string) {
  let counter = 0;
  return async () => {
    counter += 1;
    const body = { batch: toBase64url(randomBytes(24)), device: toBase64url(person.account.deviceId), counter };
    const res = await postJson(server, batchesPath(collection), body, { token: person.token });
    if (res.status !== 200) throw new Error(`append failed with ${res.status}`);
    return appendBatchResponseSchema.parse(res.json()).seq;
  };
}

describeOnDatabases(
  'WebSocket hints',
  ({ server, database }) => {
    it('tells members of a collection about every append there, and nobody else', async () => {
      const team = new Team();
      const [alice, bob, carol] = await Promise.all([enroll(server(), team.alice), enroll(server(), team.bob), enroll(server(), team.carol)]);
      const shared = toBase64url(team.state.collectionId);
      expect((await postChainEntry(server(), alice.token, team.state.collectionId, team.entries[0] as Uint8Array, GENESIS_PREV)).status).toBe(200);
      const prev = team.state.head;
      team.append(team.alice, addOp(team.bob, 'editor'));
      expect((await postChainEntry(server(), alice.token, team.state.collectionId, team.entries[1] as Uint8Array, prev)).status).toBe(200);
      const carolsOwn = await createCollectionOn(server(), carol);

      const [aliceSocket, bobSocket, carolSocket] = await Promise.all([openHintSocket(server(), alice.token), openHintSocket(server(), bob.token), openHintSocket(server(), carol.token)]);
      const byAlice = appender(server(), alice, shared);
      const byBob = appender(server(), bob, shared);
      const byCarol = appender(server(), carol, carolsOwn);
      await untilHinted(aliceSocket, shared, byAlice);
      await untilHinted(bobSocket, shared, byAlice);
      await untilHinted(carolSocket, carolsOwn, byCarol);

      const seq = await byBob();
      for (const socket of [aliceSocket, bobSocket]) {
        expect(hintSchema.parse(await socket.waitFor((m) => isHint(m, shared, seq)))).toEqual({ collection: shared, seq });
      }
      const probe = await byCarol();
      await carolSocket.waitFor((m) => isHint(m, carolsOwn, probe));
      expect(carolSocket.messages.filter((m) => isHint(m, shared))).toEqual([]);
      expect(bobSocket.messages.filter((m) => isHint(m, carolsOwn))).toEqual([]);
      for (const message of [...aliceSocket.messages, ...bobSocket.messages, ...carolSocket.messages]) hintSchema.parse(message);
      for (const socket of [aliceSocket, bobSocket, carolSocket]) socket.close();
    });

    it('closes with 1008 when the first message is not a live session, or when more follow', async () => {
      const person = await enroll(server());
      const firsts: (string | Uint8Array)[] = [
        'not json',
        JSON.stringify({ token: toBase64url(randomBytes(32)) }),
        JSON.stringify({ token: person.token, extra: 1 }),
        JSON.stringify({ session: person.token }),
        new TextEncoder().encode(JSON.stringify({ token: person.token })),
      ];
      for (const first of firsts) {
        const socket = await openHintSocket(server());
        socket.send(first);
        expect(await socket.closed).toBe(HINT_CLOSE_POLICY);
      }
      const oversized = await openHintSocket(server());
      oversized.send(JSON.stringify({ token: 'x'.repeat(HINT_MAX_CLIENT_MESSAGE) }));
      expect(await oversized.closed).toBe(1009);
      const chatty = await openHintSocket(server(), person.token);
      chatty.send(JSON.stringify({ token: person.token }));
      chatty.send('more');
      expect(await chatty.closed).toBe(HINT_CLOSE_POLICY);
    });

    it("closes a revoked device's socket with 4001", async () => {
      const person = await enroll(server());
      const collection = await createCollectionOn(server(), person);
      const socket = await openHintSocket(server(), person.token);
      await untilHinted(socket, collection, appender(server(), person, collection));
      await revokeDevice(database().db, person.identity.id, person.identity.first.deviceId);
      expect(await socket.closed).toBe(HINT_CLOSE_SESSION_ENDED);
    });

    it('answers a plain GET without an upgrade with the generic 400 body', async () => {
      const person = await enroll(server());
      const res = await getJson(server(), HINTS_PATH, { token: person.token });
      expect([res.status, errorBodySchema.parse(res.json()).error.code]).toEqual([400, 'BAD_INPUT']);
    });
  },
  { sessionRecheckMs: 100 },
);
