/**
 * Heartbeats on a real server, SQLite and PostgreSQL: a device stores only its own, signed by its
 * registered key, and the newest by time wins; the account itself and people who share a
 * collection with it read them, anyone else gets the 404 of an unknown account. A heartbeat's sealed
 * device profile (body v2) is stored and served as opaque bytes, at most 1024 of them.
 */
import { expect, it } from 'vitest';
import { GENESIS_PREV } from '../../../shared/chains/entry';
import { addOp, Team } from '../../../shared/chains/team-fixtures';
import { toBase64url } from '../../../shared/crypto/base64url';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { randomBytes } from '../../../shared/crypto/random';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { accountHeartbeatsPath, accountHeartbeatsResponseSchema, HEARTBEATS_PATH } from '../../../shared/protocol/api/heartbeats';
import { encodeVersioned } from '../../../shared/crypto/cbor-versioned';
import { sign } from '../../../shared/crypto/ed25519';
import { openProfile, sealProfile } from '../../../shared/devices/device-profile';
import { decodeHeartbeat, signHeartbeat, type HeartbeatFields } from '../../../shared/sync/heartbeat';
import type { RunningServer } from '../../start-server';
import { enroll, postChainEntry, type Person } from '../../testing/collection-client';
import { httpsRequest } from '../../testing/https-request';
import { describeOnDatabases } from '../../testing/on-databases';
import { getJson } from '../../testing/sync-client';

function fieldsOf(person: Person, time: number): HeartbeatFields {
  const identity = person.identity;
  return {
    identity: identity.id,
    device: identity.first.deviceId,
    signer: identity.first.signing.publicKey,
    time,
    chain: { seq: identity.state.length - 1, head: identity.state.head },
    logs: [{ collection: randomBytes(16), counter: 1, seq: 1, head: randomBytes(32) }],
  };
}

function put(server: RunningServer, person: Person, heartbeat: Uint8Array | string) {
  const body = JSON.stringify({ heartbeat: typeof heartbeat === 'string' ? heartbeat : toBase64url(heartbeat) });
  return httpsRequest({
    url: server.url + HEARTBEATS_PATH,
    ca: server.certPem,
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${person.token}` },
    body,
  });
}

async function read(server: RunningServer, reader: Person, of: Person) {
  const res = await getJson(server, accountHeartbeatsPath(toBase64url(of.identity.id)), { token: reader.token });
  return res.status === 200 ? accountHeartbeatsResponseSchema.parse(res.json()).heartbeats : res.status;
}

/** A v2 heartbeat signed by `seed` whatever its profile's size (signHeartbeat refuses an oversize one). */
function rawV2(fields: HeartbeatFields, profile: Uint8Array, seed: Uint8Array): Uint8Array {
  const logs = { list: { map: { collection: 'bytes', counter: 'uint', seq: 'uint', head: 'bytes' } } } as const;
  const bodySchema = {
    kind: 'heartbeat',
    version: 2,
    fields: { identity: 'bytes', device: 'bytes', signer: 'bytes', time: 'uint', chain: { map: { seq: 'uint', head: 'bytes' } }, logs, profile: 'bytes' },
  } as const;
  const body = encodeVersioned(bodySchema, { ...fields, profile });
  return encodeVersioned({ kind: 'heartbeat-envelope', version: 1, fields: { body: 'bytes', sig: 'bytes' } } as const, { body, sig: sign('heartbeat/v1', seed, body) });
}

describeOnDatabases('heartbeats', ({ server }) => {
  it('stores and serves a sealed device profile as opaque bytes, and refuses one over 1024 bytes', async () => {
    const person = await enroll(server());
    const seed = person.identity.first.signing.seed;
    const userKey = { generation: 0, privateKey: randomBytes(32) };
    const context = { identity: person.identity.id, device: person.identity.first.deviceId };
    const sealed = sealProfile({ name: 'Kitchen laptop', platform: 'Chromium 131 on Linux' }, context, userKey);
    const heartbeat = signHeartbeat({ ...fieldsOf(person, 5000), profile: sealed }, seed);
    expect((await put(server(), person, heartbeat)).status).toBe(204);
    const served = await read(server(), person, person);
    expect(served).toEqual([toBase64url(heartbeat)]);
    const profile = decodeHeartbeat(heartbeat).fields.profile ?? new Uint8Array();
    expect(openProfile(profile, context, () => userKey.privateKey)).toEqual({ name: 'Kitchen laptop', platform: 'Chromium 131 on Linux' });

    const oversize = rawV2(fieldsOf(person, 6000), randomBytes(1025), seed);
    const res = await put(server(), person, oversize);
    expect({ status: res.status, code: errorBodySchema.parse(res.json()).error.code }).toEqual({ status: 400, code: 'BAD_INPUT' });
    expect(await read(server(), person, person)).toEqual([toBase64url(heartbeat)]);
  });

  it("keeps each device's newest heartbeat by its time", async () => {
    const person = await enroll(server());
    const seed = person.identity.first.signing.seed;
    expect(await read(server(), person, person)).toEqual([]);
    const first = signHeartbeat(fieldsOf(person, 2000), seed);
    expect((await put(server(), person, first)).status).toBe(204);
    expect(await read(server(), person, person)).toEqual([toBase64url(first)]);
    expect((await put(server(), person, signHeartbeat(fieldsOf(person, 1000), seed))).status).toBe(204);
    expect(await read(server(), person, person)).toEqual([toBase64url(first)]);
    const newer = signHeartbeat(fieldsOf(person, 3000), seed);
    await put(server(), person, newer);
    expect(await read(server(), person, person)).toEqual([toBase64url(newer)]);
  });

  it("refuses malformed heartbeats, another device's, and signatures not by the registered key", async () => {
    const person = await enroll(server());
    const other = await enroll(server());
    const seed = person.identity.first.signing.seed;
    const stranger = generateSigningKeyPair();
    const cases: [string, Uint8Array | string, number, string][] = [
      ['not a heartbeat', randomBytes(200), 400, 'BAD_INPUT'],
      ['not base64url', '!!!', 400, 'BAD_INPUT'],
      ["another account's", signHeartbeat(fieldsOf(other, 1), other.identity.first.signing.seed), 403, 'FORBIDDEN_SENDER'],
      ['another device of the account', signHeartbeat({ ...fieldsOf(person, 1), device: randomBytes(16) }, seed), 403, 'FORBIDDEN_SENDER'],
      ['signed by an unregistered key', signHeartbeat({ ...fieldsOf(person, 1), signer: stranger.publicKey }, stranger.seed), 400, 'BAD_SIGNATURE'],
      ['a signature that does not verify', signHeartbeat(fieldsOf(person, 1), stranger.seed), 400, 'BAD_SIGNATURE'],
    ];
    for (const [name, heartbeat, status, code] of cases) {
      const res = await put(server(), person, heartbeat);
      expect({ name, status: res.status, code: errorBodySchema.parse(res.json()).error.code }).toEqual({ name, status, code });
    }
    expect(await read(server(), person, person)).toEqual([]);
  });

  it('serves heartbeats to people who share a collection, and to nobody else', async () => {
    const team = new Team();
    const [alice, bob, carol] = await Promise.all([enroll(server(), team.alice), enroll(server(), team.bob), enroll(server(), team.carol)]);
    await put(server(), alice, signHeartbeat(fieldsOf(alice, 5), team.alice.first.signing.seed));
    const unknown = await getJson(server(), accountHeartbeatsPath(toBase64url(randomBytes(32))), { token: bob.token });
    expect(await read(server(), bob, alice)).toBe(404);
    expect((await getJson(server(), accountHeartbeatsPath(toBase64url(alice.identity.id)), { token: bob.token })).json()).toEqual(unknown.json());

    expect((await postChainEntry(server(), alice.token, team.state.collectionId, team.entries[0] as Uint8Array, GENESIS_PREV)).status).toBe(200);
    const prev = team.state.head;
    team.append(team.alice, addOp(team.bob, 'viewer'));
    expect((await postChainEntry(server(), alice.token, team.state.collectionId, team.entries[1] as Uint8Array, prev)).status).toBe(200);
    expect(await read(server(), bob, alice)).toHaveLength(1);
    expect(await read(server(), alice, bob)).toEqual([]);
    expect(await read(server(), carol, alice)).toBe(404);
  });
});
