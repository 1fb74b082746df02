/**
 * Identity chains on a real server, SQLite and PostgreSQL: served in full or from a position;
 * appended by compare-and-swap on the head (409 when stale); checked with the clients' rules (400
 * BAD_CHAIN); an add-device entry lets the new device sign in and a revoke-device entry ends its
 * sessions at once.
 */
import { expect, it } from 'vitest';
import { deviceSigner, forge, TestIdentity, type TestDevice } from '../../../shared/chains/test-fixtures';
import { decodeEntry } from '../../../shared/chains/entry';
import { toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { generateSigningKeyPair } from '../../../shared/crypto/ed25519';
import { errorBodySchema } from '../../../shared/protocol/api/error-body';
import { appendChainEntryResponseSchema, identityChainPath, identityChainResponseSchema } from '../../../shared/protocol/api/identity-chain';
import type { RunningServer } from '../../start-server';
import { describeOnDatabases } from '../../testing/on-databases';
import { createAccountOn, getJson, newTestAccount, postJson, signIn, type TestAccount } from '../../testing/sync-client';

function asAccount(identity: TestIdentity, device: TestDevice): TestAccount {
  return { accountId: identity.id, deviceId: device.deviceId, signing: device.signing, genesis: identity.entries[0] as Uint8Array };
}

async function appendEntry(server: RunningServer, identity: TestIdentity, token: string, entry: Uint8Array, prev: Uint8Array) {
  return postJson(server, identityChainPath(toBase64url(identity.id)), { entry: toBase64url(entry), prev: toBase64url(prev) }, { token });
}

describeOnDatabases('identity chains', ({ server }) => {
  it('appends add-device and revoke-device entries by compare-and-swap, and mirrors them into sign-in', async () => {
    const identity = new TestIdentity();
    expect((await createAccountOn(server(), asAccount(identity, identity.first))).status).toBe(201);
    const token = await signIn(server(), asAccount(identity, identity.first));

    const genesisHead = identity.state.head;
    const second = identity.addDevice(deviceSigner(identity.first));
    const added = await appendEntry(server(), identity, token, identity.entries[1] as Uint8Array, genesisHead);
    expect(added.status).toBe(200);
    expect(appendChainEntryResponseSchema.parse(added.json())).toEqual({ seq: 1, head: toBase64url(identity.state.head) });
    const secondToken = await signIn(server(), asAccount(identity, second));
    const path = identityChainPath(toBase64url(identity.id));
    expect((await getJson(server(), path, { token: secondToken })).status).toBe(200);

    const stale = await appendEntry(server(), identity, token, identity.entries[1] as Uint8Array, genesisHead);
    expect([stale.status, errorBodySchema.parse(stale.json()).error.code]).toEqual([409, 'CONFLICT']);

    const beforeRevoke = identity.state.head;
    identity.revoke(deviceSigner(identity.first), second);
    expect((await appendEntry(server(), identity, token, identity.entries[2] as Uint8Array, beforeRevoke)).status).toBe(200);
    const refused = await getJson(server(), path, { token: secondToken });
    expect(refused.status).toBe(401);

    const chain = identityChainResponseSchema.parse((await getJson(server(), identityChainPath(toBase64url(identity.id)), { token })).json());
    expect(chain).toEqual({ entries: identity.entries.map(toBase64url), head: toBase64url(identity.state.head) });
    const tail = identityChainResponseSchema.parse((await getJson(server(), `${identityChainPath(toBase64url(identity.id))}?from=2`, { token })).json());
    expect(tail.entries).toEqual([toBase64url(identity.entries[2] as Uint8Array)]);
  });

  it('refuses an entry that breaks the chain rules with 400 BAD_CHAIN, and appends by other accounts with 403', async () => {
    const identity = new TestIdentity();
    await createAccountOn(server(), asAccount(identity, identity.first));
    const token = await signIn(server(), asAccount(identity, identity.first));
    const head = identity.state.head;
    identity.addDevice(deviceSigner(identity.first));
    const valid = identity.entries[1] as Uint8Array;
    const forged = forge(decodeEntry(valid).body, generateSigningKeyPair().seed);
    const res = await appendEntry(server(), identity, token, forged, head);
    expect([res.status, errorBodySchema.parse(res.json()).error.code]).toEqual([400, 'BAD_CHAIN']);
    const garbage = await appendEntry(server(), identity, token, randomBytes(40), head);
    expect(garbage.status).toBe(400);

    const stranger = newTestAccount();
    await createAccountOn(server(), stranger);
    const strangerToken = await signIn(server(), stranger);
    const other = await appendEntry(server(), identity, strangerToken, valid, head);
    expect(other.status).toBe(403);
    expect((await appendEntry(server(), identity, token, valid, head)).status).toBe(200);
  });

  it('answers an unknown account with 404 and requires a session', async () => {
    const account = newTestAccount();
    await createAccountOn(server(), account);
    const token = await signIn(server(), account);
    expect((await getJson(server(), identityChainPath(toBase64url(randomBytes(32))), { token })).status).toBe(404);
    expect((await getJson(server(), identityChainPath(toBase64url(account.accountId)))).status).toBe(401);
  });
});
