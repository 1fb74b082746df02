/**
 * The trust view's rows (trust-view.ts) from a real chain and real signed heartbeats: who approved
 * each device (a device by key fingerprint, the recovery kit, nobody for the first), claimed times,
 * the four states (trusted, pending, revoked, stale after 14 days), this device marked, the devices
 * each enrolled; a heartbeat signed by another key, naming another identity or an entry the chain
 * does not hold, is not counted; a claimed time in the future is capped at now. Names and platforms
 * come from the newest heartbeat whose sealed profile opens (never another device's profile).
 */
import { describe, expect, it } from 'vitest';
import { keyOf } from '../chains/chain-link';
import { deviceSigner, recoverySigner, TestIdentity, type TestDevice } from '../chains/test-fixtures';
import { generateSigningKeyPair } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { keyFingerprint } from '../protocol/key-fingerprint';
import { signHeartbeat } from '../sync/heartbeat';
import { sealProfile } from './device-profile';
import { buildTrustView, STALE_AFTER_MS } from './trust-view';

const NOW = 1_800_000_000_000;

function heartbeat(identity: TestIdentity, device: TestDevice, time: number, options: { seed?: Uint8Array; identityId?: Uint8Array; head?: Uint8Array; profile?: Uint8Array } = {}) {
  const fields = {
    identity: options.identityId ?? identity.id,
    device: device.deviceId,
    signer: device.signing.publicKey,
    time,
    chain: { seq: identity.state.length - 1, head: options.head ?? identity.state.head },
    logs: [],
    ...(options.profile === undefined ? {} : { profile: options.profile }),
  };
  return signHeartbeat(fields, options.seed ?? device.signing.seed);
}

describe('trust view', () => {
  it('lists every device with its approver, claimed times, state and enrolled devices', () => {
    const identity = new TestIdentity();
    const a = identity.first;
    const b = identity.addDevice(deviceSigner(a));
    const c = identity.addDevice(deviceSigner(b));
    const recovery = identity.setRecovery(deviceSigner(a));
    const d = identity.addDevice(recoverySigner(recovery));
    const e = identity.addDevice(deviceSigner(a));
    identity.revoke(deviceSigner(a), c);
    const beats = [
      heartbeat(identity, b, NOW - 1000),
      heartbeat(identity, b, NOW + 10 * 60_000),
      heartbeat(identity, d, NOW - STALE_AFTER_MS - 1),
      heartbeat(identity, e, NOW - 1000, { seed: generateSigningKeyPair().seed }),
      heartbeat(identity, e, NOW - 1000, { identityId: randomBytes(32) }),
      heartbeat(identity, e, NOW - 1000, { head: randomBytes(32) }),
    ];
    const view = buildTrustView(identity.id, identity.entries, beats, a.deviceId, NOW);
    const row = (device: TestDevice) => view.devices.find((r) => r.id === keyOf(device.deviceId)) ?? expect.fail('no row');
    const fp = (device: TestDevice) => keyFingerprint(device.signing.publicKey);
    expect(row(a)).toMatchObject({ thisDevice: true, state: 'trusted', approvedBy: null, lastHeartbeat: null, enrolled: [keyOf(b.deviceId), keyOf(e.deviceId)] });
    expect(row(b)).toMatchObject({ state: 'trusted', approvedBy: `device ${fp(a)}`, addedClaimedAt: 1_700_000_000_001, lastHeartbeat: NOW, enrolled: [keyOf(c.deviceId)] });
    expect(row(c)).toMatchObject({ state: 'revoked', approvedBy: `device ${fp(b)}`, revokedClaimedAt: 1_700_000_000_006 });
    expect(row(d)).toMatchObject({ state: 'stale', approvedBy: 'the recovery kit' });
    expect(row(e)).toMatchObject({ state: 'pending', lastHeartbeat: null, fingerprint: fp(e) });
    expect(view.devices.map((r) => r.id)).toEqual([a, b, c, d, e].map((x) => keyOf(x.deviceId)));
  });

  it("shows each device's name and platform from its newest heartbeat whose profile opens, else none", () => {
    const identity = new TestIdentity();
    const a = identity.first;
    const b = identity.addDevice(deviceSigner(a));
    const c = identity.addDevice(deviceSigner(a));
    const userKey = { generation: 0, privateKey: randomBytes(32) };
    const sealedFor = (device: TestDevice, name: string, key = userKey) => sealProfile({ name, platform: 'Chromium 131 on Linux' }, { identity: identity.id, device: device.deviceId }, key);
    const beats = [
      heartbeat(identity, a, NOW - 3000, { profile: sealedFor(a, 'Desk') }),
      heartbeat(identity, b, NOW - 2000, { profile: sealedFor(b, 'Old name') }),
      heartbeat(identity, b, NOW - 1000, { profile: sealedFor(b, 'Laptop') }),
      // c's heartbeat carries b's profile (other device's AD) — and one under a key we lack.
      heartbeat(identity, c, NOW - 1000, { profile: sealedFor(b, 'Impostor') }),
    ];
    const view = buildTrustView(identity.id, identity.entries, beats, a.deviceId, NOW, (g) => (g === 0 ? userKey.privateKey : undefined));
    const row = (device: TestDevice) => view.devices.find((r) => r.id === keyOf(device.deviceId)) ?? expect.fail('no row');
    expect(row(a).profile).toEqual({ name: 'Desk', platform: 'Chromium 131 on Linux' });
    expect(row(b)).toMatchObject({ profile: { name: 'Laptop' }, approvedByName: 'Desk' });
    expect(row(c)).toMatchObject({ profile: null, state: 'trusted' });
    const without = buildTrustView(identity.id, identity.entries, beats, a.deviceId, NOW);
    expect(without.devices.every((r) => r.profile === null)).toBe(true);
  });

  it('refuses a chain that does not verify', () => {
    const identity = new TestIdentity();
    identity.addDevice(deviceSigner(identity.first));
    expect(() => buildTrustView(randomBytes(32), identity.entries, [], identity.first.deviceId, NOW)).toThrow();
  });
});
