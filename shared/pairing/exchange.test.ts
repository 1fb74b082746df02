import { describe, expect, it } from 'vitest';
import { validateIdentityChain } from '../chains/identity-chain';
import { decodeEntry } from '../chains/entry';
import { confirmJoin } from './confirm-join';
import { NewDevicePairing } from './new-side';
import { PairingScene } from './test-fixtures';
import { TrustedPairing } from './trusted-side';

describe('pairing a device: the whole exchange', () => {
  it('joins a new device: matching codes, an add-device entry others accept, the user key and the pins', async () => {
    const scene = new PairingScene();
    const { side, sas, candidates } = scene.toPick();
    expect(side.phase).toBe('awaiting-approval');
    expect(sas).toMatch(/^[0-9]{6}$/);
    expect(candidates).toHaveLength(3);
    expect(new Set(candidates).size).toBe(3);
    expect(candidates).toContain(sas);

    scene.trusted.choose(sas);
    const approval = await scene.trusted.approve({ identity: scene.alice.state, userKey: scene.userKey, collections: scene.collections });
    const entries = [...scene.alice.entries, approval.entry.bytes];
    const chain = validateIdentityChain(entries, scene.alice.id);
    expect(decodeEntry(approval.entry.bytes).body).toMatchObject({ op: 'add-device', seq: 1 });

    const joined = await side.receiveApproval(approval.message);
    scene.trusted.complete();
    expect(side.phase).toBe('joined');
    expect(scene.trusted.phase).toBe('done');
    expect(joined.server).toBe('https://vault.example.com');
    expect(joined.identity).toEqual(scene.alice.id);
    expect(joined.userKey.privateKey).toEqual(scene.alice.userKey.privateKey);
    expect(joined.userKey.generation).toBe(0);
    expect(joined.identityHead).toEqual({ seq: 1, head: chain.head });
    expect(joined.collections).toEqual(scene.collections);
    expect(joined.approvedBy.id).toEqual(scene.alice.first.deviceId);
    expect(confirmJoin(joined, entries).length).toBe(2);
  });

  it('keeps the device keys fresh for every new device', () => {
    const a = new PairingScene().newDevice();
    const b = new PairingScene().newDevice();
    expect(a.side.snapshot.device.deviceId).not.toEqual(b.side.snapshot.device.deviceId);
    expect(a.side.snapshot.device.signingKey).not.toEqual(b.side.snapshot.device.signingKey);
  });

  it('survives a restarted worker on either side (plain-data snapshots)', async () => {
    const scene = new PairingScene();
    const { side, hello } = scene.newDevice();
    const offer = scene.trusted.receiveHello(hello);
    const trusted = TrustedPairing.resume(structuredClone(scene.trusted.snapshot), scene.clock);
    const fresh = NewDevicePairing.resume(structuredClone(side.snapshot));
    const { reveal, sas } = fresh.receiveOffer(offer);
    expect(trusted.receiveReveal(reveal)).toContain(sas);
    trusted.choose(sas);
    const approval = await trusted.approve({ identity: scene.alice.state, userKey: scene.userKey, collections: [] });
    await expect(fresh.receiveApproval(approval.message)).resolves.toMatchObject({ collections: [] });
  });
});
