/**
 * Deleting an account that shares a collection, on a real server, SQLite and PostgreSQL
 * (docs/decisions/006-account-deletion.md): the shared collection stays for the other member, who
 * can still verify and extend it, because the deleted person's identity chain is kept (public keys
 * and signatures only) while a collection chain names them; their membership, devices, sessions,
 * heartbeats, challenges and sole collections go at once. When the last member deletes theirs too,
 * the collection goes and the kept identity chain with it: no row mentions either person.
 */
import { expect, it } from 'vitest';
import { GENESIS_PREV } from '../../../shared/chains/entry';
import { addOp, Team } from '../../../shared/chains/team-fixtures';
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import { collectionChainPath } from '../../../shared/protocol/api/collection-chain';
import { identityChainPath } from '../../../shared/protocol/api/identity-chain';
import { deleteAccount, fetchAccountData } from '../../../shared/protocol/client/account-data';
import { credentialsOf, pushBatches, putHeartbeat, useTrustingFetch } from '../../testing/account-activity';
import { createCollectionOn, enroll, postChainEntry } from '../../testing/collection-client';
import { describeOnDatabases } from '../../testing/on-databases';
import { rowsMentioning } from '../../testing/row-scan';
import { getJson } from '../../testing/sync-client';

const fetchFor = useTrustingFetch();

describeOnDatabases('account deletion with a shared collection', ({ server, database }) => {
  it('keeps the shared collection verifiable for the other member, then forgets both people once it is gone', async () => {
    const team = new Team();
    const [alice, bob, carol] = await Promise.all([enroll(server(), team.alice), enroll(server(), team.bob), enroll(server(), team.carol)]);
    const shared = team.state.collectionId;
    const sharedId = toBase64url(shared);
    const append = async (by: typeof alice, op: Parameters<Team['append']>[1]) => {
      const prev = team.state.head;
      team.append(by.identity, op);
      const res = await postChainEntry(server(), by.token, shared, team.entries.at(-1) as Uint8Array, prev);
      expect(res.status).toBe(200);
    };
    expect((await postChainEntry(server(), alice.token, shared, team.entries[0] as Uint8Array, GENESIS_PREV)).status).toBe(200);
    await append(alice, addOp(team.bob, 'owner'));
    const alicesOwn = await createCollectionOn(server(), alice);
    await pushBatches(server(), team.alice, team.alice.first, alice.token, sharedId, 2);
    await pushBatches(server(), team.bob, team.bob.first, bob.token, sharedId, 1);
    await pushBatches(server(), team.alice, team.alice.first, alice.token, alicesOwn, 1);
    await putHeartbeat(server(), team.alice, team.alice.first, alice.token, [sharedId, alicesOwn]);
    await putHeartbeat(server(), team.bob, team.bob.first, bob.token, [sharedId]);
    const carolsOwn = await createCollectionOn(server(), carol);

    const summary = await deleteAccount({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(team.alice) });
    expect(summary).toMatchObject({ deleted: { devices: 1, collections: 1, batches: 1, chainEntries: 0, heartbeats: 1 }, leftSharedCollections: 1, identityChainKept: true });

    // Only what the others' history needs mentions Alice: her public chain and the shared collection.
    const aliceNeedles = { bytes: [team.alice.id, team.alice.first.deviceId, fromBase64url(alicesOwn)] };
    const where = new Set((await rowsMentioning(database(), aliceNeedles)).map((m) => `${m.table}.${m.column} ${m.needle}`));
    expect([...where].sort()).toEqual([
      'accounts.id bytes[0]',
      'collection_chain_entries.entry bytes[0]',
      'collection_chain_entries.entry bytes[1]',
      'collection_heads.account_id bytes[0]',
      'collection_logs.batch bytes[0]',
      'collection_logs.batch bytes[1]',
      'collection_logs.device_id bytes[1]',
      'identity_chain_entries.account_id bytes[0]',
      'identity_chain_entries.entry bytes[1]',
      'identity_chain_entries.entry_hash bytes[0]',
    ]);

    // Bob still reads Alice's chain and the shared log, and extends the collection chain: the server
    // re-validates it with Alice's kept identity chain. A rotation still sealed to her (the chain
    // lists her until someone signs her removal) does not bring back her membership row.
    expect((await getJson(server(), identityChainPath(toBase64url(team.alice.id)), { token: bob.token })).status).toBe(200);
    await append(bob, team.rotateOp([team.alice, team.bob]));
    expect((await rowsMentioning(database(), { bytes: [team.alice.id] })).map((m) => m.table)).not.toContain('collection_members');
    await append(bob, { op: 'remove-member', args: { identity: team.alice.id } });
    await append(bob, team.rotateOp([team.bob]));
    await pushBatches(server(), team.bob, team.bob.first, bob.token, sharedId, 1, 2);
    expect((await getJson(server(), collectionChainPath(sharedId), { token: bob.token })).status).toBe(200);
    const bobsView = await fetchAccountData({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(team.bob) });
    expect(bobsView.collections).toEqual([expect.objectContaining({ id: sharedId, role: 'owner', members: 1, batches: 4, batchesByYourDevices: 2 })]);

    // Bob deletes his account: the collection had only him, so it goes, and Alice's kept chain with it.
    const last = await deleteAccount({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(team.bob) });
    expect(last).toMatchObject({ deleted: { collections: 1, batches: 4 }, leftSharedCollections: 0, identityChainKept: false });
    const everyone = { bytes: [team.alice.id, team.alice.first.deviceId, team.bob.id, team.bob.first.deviceId, shared, fromBase64url(alicesOwn)] };
    expect(await rowsMentioning(database(), everyone)).toEqual([]);
    // Carol never shared anything with them and keeps everything.
    const carolsView = await fetchAccountData({ server: server().url, fetch: fetchFor(server()), device: credentialsOf(team.carol) });
    expect(carolsView.collections.map((c) => c.id)).toEqual([carolsOwn]);
  });
});
