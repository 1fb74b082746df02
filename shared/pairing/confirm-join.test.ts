import { describe, expect, it } from 'vitest';
import { deviceSigner, newDevice, TestIdentity } from '../chains/test-fixtures';
import { confirmJoin } from './confirm-join';
import { PairingScene } from './test-fixtures';

describe('confirming the join against the identity chain the server serves', () => {
  it('accepts the chain holding the pinned add-device, and later entries after it', async () => {
    const scene = new PairingScene();
    const { joined, approval, entries } = await scene.pair();
    expect(confirmJoin(joined, entries).head).toEqual(approval.entry.hash);
    scene.alice.entries.push(approval.entry.bytes);
    scene.alice.state = approval.entry.state;
    scene.alice.addDevice(deviceSigner(scene.alice.first), newDevice());
    expect(confirmJoin(joined, scene.alice.entries).length).toBe(3);
  });

  it('refuses a chain without the add-device (ROLLBACK), another vault (FORK), another branch (FORK)', async () => {
    const scene = new PairingScene();
    const { joined } = await scene.pair();
    expect(() => confirmJoin(joined, scene.alice.entries)).toThrow(expect.objectContaining({ code: 'ROLLBACK' }));
    expect(() => confirmJoin(joined, new TestIdentity().entries)).toThrow(expect.objectContaining({ code: 'FORK' }));
    scene.alice.addDevice(deviceSigner(scene.alice.first), newDevice());
    expect(() => confirmJoin(joined, scene.alice.entries)).toThrow(expect.objectContaining({ code: 'FORK' }));
  });

  it('refuses a chain in which this device was revoked since', async () => {
    const scene = new PairingScene();
    const { joined, approval } = await scene.pair();
    scene.alice.entries.push(approval.entry.bytes);
    scene.alice.state = approval.entry.state;
    scene.alice.append(deviceSigner(scene.alice.first), { op: 'revoke-device', args: { deviceId: joined.device.deviceId } });
    expect(() => confirmJoin(joined, scene.alice.entries)).toThrow(expect.objectContaining({ code: 'UNTRUSTED_WRITER' }));
  });
});
