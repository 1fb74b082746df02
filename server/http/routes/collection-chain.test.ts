/**
 * Collection chains on a real server, SQLite and PostgreSQL: a genesis creates the collection;
 * entries are appended by compare-and-swap (409 when stale, exactly one of two racing appends
 * wins); the server applies the clients' rules with the identity chains it stores (400 BAD_CHAIN);
 * and the chain decides who reads and writes: members read, writers append batches, viewers only
 * read, removed members and strangers get the 404 of an unknown collection.
 */
import { expect, it } from 'vitest';
import { GENESIS_PREV } from '../../../shared/chains/entry';
import { addOp, changeRole, Team, type Op } from '../../../shared/chains/team-fixtures';
import { deviceSigner, type TestIdentity } from '../../../shared/chains/test-fixtures';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import {
  appendCollectionEntryResponseSchema,
  collectionChainPath,
  collectionChainResponseSchema,
} from '../../../shared/protocol/api/collection-chain';
import { batchesPath, changesPath } from '../../../shared/protocol/api/collections';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { identityChainPath } from '../../../shared/protocol/api/identity-chain';
import type { RunningServer } from '../../start-server';
import { collectionGenesis, enroll, postChainEntry, type Person } from '../../testing/collection-client';
import { describeOnDatabases } from '../../testing/on-databases';
import { getJson, postJson } from '../../testing/sync-client';

const NOT_FOUND = { error: { code: 'NOT_FOUND', message: 'no such collection' } };

/** Alice, Bob and Carol have accounts on the server; Dave does not. Alice's collection exists. */
async function teamOn(server: RunningServer) {
  const team = new Team();
  const [alice, bob, carol] = await Promise.all([enroll(server, team.alice), enroll(server, team.bob), enroll(server, team.carol)]);
  const collection = team.state.collectionId;
  const created = await postChainEntry(server, alice.token, collection, team.entries[0] as Uint8Array, GENESIS_PREV);
  expect([created.status, created.json()]).toEqual([200, { seq: 0, head: toBase64url(team.state.head) }]);
  /** Signs `op` at the head as `by`'s first device, keeps it locally and sends it. */
  const append = async (by: Person, op: Op) => {
    const prev = team.state.head;
    team.append(by.identity, op);
    return postChainEntry(server, by.token, collection, team.entries.at(-1) as Uint8Array, prev);
  };
  return { team, alice, bob, carol, collection, id: toBase64url(collection), append };
}

function codeOf(res: { json(): unknown }): string {
  return errorBodySchema.parse(res.json()).error.code;
}

function batch(server: RunningServer, person: Person, id: string, counter: number) {
  const body = { batch: toBase64url(randomBytes(40)), device: toBase64url(person.account.deviceId), counter };
  return postJson(server, batchesPath(id), body, { token: person.token });
}

describeOnDatabases('collection chains', ({ server }) => {
  it('creates a collection from its genesis and serves its chain, whole or from a position, to members', async () => {
    const { team, alice, bob, id, append } = await teamOn(server());
    const whole = await getJson(server(), collectionChainPath(id), { token: alice.token });
    expect(collectionChainResponseSchema.parse(whole.json())).toEqual({ entries: [toBase64url(team.entries[0] as Uint8Array)], head: toBase64url(team.state.head) });
    expect((await getJson(server(), collectionChainPath(id), { token: bob.token })).json()).toEqual(NOT_FOUND);

    const added = await append(alice, addOp(bob.identity, 'editor'));
    expect(appendCollectionEntryResponseSchema.parse(added.json())).toEqual({ seq: 1, head: toBase64url(team.state.head) });
    const tail = collectionChainResponseSchema.parse((await getJson(server(), `${collectionChainPath(id)}?from=1`, { token: bob.token })).json());
    expect(tail).toEqual({ entries: [toBase64url(team.entries[1] as Uint8Array)], head: toBase64url(team.state.head) });
    expect((await batch(server(), bob, id, 1)).status).toBe(200);
  });

  it('gives strangers the answer of an unknown collection on every collection route', async () => {
    const { alice, carol, collection, id, team } = await teamOn(server());
    expect((await batch(server(), alice, id, 1)).status).toBe(200);
    const unknown = toBase64url(randomBytes(16));
    for (const target of [id, unknown]) {
      const reads = [collectionChainPath(target), changesPath(target)].map((path) => getJson(server(), path, { token: carol.token }));
      for (const res of await Promise.all(reads)) expect([res.status, res.json()]).toEqual([404, NOT_FOUND]);
      const write = await batch(server(), carol, target, 1);
      expect([write.status, write.json()]).toEqual([404, NOT_FOUND]);
    }
    const entry = team.forged(carol.identity.collectionSigner(carol.identity.first), { op: 'policy', args: { tier: 'sensitive', deviceApproval: false } });
    const res = await postChainEntry(server(), carol.token, collection, entry, team.state.head);
    expect([res.status, res.json()]).toEqual([404, NOT_FOUND]);
  });

  it('appends by compare-and-swap: of two entries on one head exactly one wins, the other is 409', async () => {
    const { team, alice, bob, carol, collection, id } = await teamOn(server());
    const head = team.state.head;
    const signer = alice.identity.collectionSigner(alice.identity.first);
    const entries = [team.forged(signer, addOp(bob.identity, 'editor')), team.forged(signer, addOp(carol.identity, 'viewer'))];
    const answers = await Promise.all(entries.map((entry) => postChainEntry(server(), alice.token, collection, entry, head)));
    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(codeOf(answers.find((res) => res.status === 409) ?? answers[0]!)).toBe('CONFLICT');
    const chain = collectionChainResponseSchema.parse((await getJson(server(), collectionChainPath(id), { token: alice.token })).json());
    expect(chain.entries).toHaveLength(2);
    const stale = await postChainEntry(server(), alice.token, collection, entries[0] as Uint8Array, head);
    expect([stale.status, codeOf(stale)]).toEqual([409, 'CONFLICT']);
  });

  it('refuses entries that break the chain rules with 400 BAD_CHAIN and keeps the chain as it was', async () => {
    const { team, alice, bob, collection, id, append } = await teamOn(server());
    expect((await append(alice, addOp(bob.identity, 'editor'))).status).toBe(200);
    const bobSigner = bob.identity.collectionSigner(bob.identity.first);
    const aliceSigner = alice.identity.collectionSigner(alice.identity.first);
    const refused: Record<string, Uint8Array> = {
      'an editor adding a member': team.forged(bobSigner, addOp(team.carol, 'viewer')),
      'self-promotion': team.forged(bobSigner, changeRole(bob.identity, 'owner')),
      'a forged signature': team.forged({ ...aliceSigner, seed: generateSigningKeyPair().seed }, addOp(team.carol, 'viewer')),
      'a member without an account here': team.forged(aliceSigner, addOp(team.dave, 'viewer')),
      'a position beyond the stored identity chain': team.forged({ ...aliceSigner, at: 5 }, addOp(team.carol, 'viewer')),
      'an identity chain entry': alice.identity.entries[0] as Uint8Array,
      'garbage': randomBytes(120),
    };
    for (const [name, entry] of Object.entries(refused)) {
      const res = await postChainEntry(server(), name === 'an editor adding a member' || name === 'self-promotion' ? bob.token : alice.token, collection, entry, team.state.head);
      expect({ name, status: res.status, code: codeOf(res) }).toEqual({ name, status: 400, code: 'BAD_CHAIN' });
    }
    const chain = collectionChainResponseSchema.parse((await getJson(server(), collectionChainPath(id), { token: alice.token })).json());
    expect(chain.entries.map((entry) => fromBase64url(entry))).toEqual(team.entries);
  });

  it("creates a collection only from its owner's genesis, for the id in the path, once", async () => {
    const { team, alice, bob, collection } = await teamOn(server());
    const again = await postChainEntry(server(), alice.token, collection, team.entries[0] as Uint8Array, GENESIS_PREV);
    expect([again.status, codeOf(again)]).toEqual([409, 'CONFLICT']);
    const fresh = randomBytes(16);
    const genesis = collectionGenesis(alice.identity, fresh).bytes;
    const byOther = await postChainEntry(server(), bob.token, fresh, genesis, GENESIS_PREV);
    expect([byOther.status, codeOf(byOther)]).toEqual([403, 'FORBIDDEN_SENDER']);
    const elsewhere = await postChainEntry(server(), alice.token, randomBytes(16), genesis, GENESIS_PREV);
    expect([elsewhere.status, codeOf(elsewhere)]).toEqual([400, 'BAD_CHAIN']);
    const notZero = await postChainEntry(server(), alice.token, fresh, genesis, randomBytes(32));
    expect([notZero.status, codeOf(notZero)]).toEqual([409, 'CONFLICT']);
    const created = await postChainEntry(server(), alice.token, fresh, genesis, GENESIS_PREV);
    expect(created.status).toBe(200);
  });

  it('lets writers append batches, viewers only read, and shuts removed members out', async () => {
    const { team, alice, bob, carol, id, append } = await teamOn(server());
    expect((await append(alice, addOp(bob.identity, 'editor'))).status).toBe(200);
    expect((await append(alice, addOp(carol.identity, 'viewer'))).status).toBe(200);
    expect((await batch(server(), bob, id, 1)).status).toBe(200);
    const viewer = await batch(server(), carol, id, 1);
    expect([viewer.status, codeOf(viewer)]).toEqual([403, 'FORBIDDEN_SENDER']);
    expect((await getJson(server(), changesPath(id), { token: carol.token })).status).toBe(200);

    expect((await append(alice, { op: 'remove-member', args: { identity: bob.identity.id } })).status).toBe(200);
    expect((await append(alice, team.rotateOp())).status).toBe(200);
    for (const path of [collectionChainPath(id), changesPath(id)]) {
      expect((await getJson(server(), path, { token: bob.token })).json()).toEqual(NOT_FOUND);
    }
    expect((await batch(server(), bob, id, 2)).status).toBe(404);
  });

  it("judges authors by the identity chains stored now: a device added to the owner's chain may sign", async () => {
    const { team, alice, id, collection } = await teamOn(server());
    const identity: TestIdentity = alice.identity;
    const prevIdentity = identity.state.head;
    const laptop = identity.addDevice(deviceSigner(identity.first));
    const body = { entry: toBase64url(identity.entries.at(-1) as Uint8Array), prev: toBase64url(prevIdentity) };
    expect((await postJson(server(), identityChainPath(toBase64url(identity.id)), body, { token: alice.token })).status).toBe(200);
    const prev = team.state.head;
    team.append(identity.collectionSigner(laptop), { op: 'policy', args: { tier: 'sensitive', deviceApproval: true } });
    const res = await postChainEntry(server(), alice.token, collection, team.entries.at(-1) as Uint8Array, prev);
    expect([res.status, res.json()]).toEqual([200, { seq: 1, head: toBase64url(team.state.head) }]);
    expect(collectionChainResponseSchema.parse((await getJson(server(), collectionChainPath(id), { token: alice.token })).json()).entries).toHaveLength(2);
  });
});
