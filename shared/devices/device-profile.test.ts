import { describe, expect, it } from 'vitest';
import { signingKeyPairFromSeed } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { decodeHeartbeat, heartbeatSignatureValid, signHeartbeat, type HeartbeatFields } from '../sync/heartbeat';
import { defaultDeviceName, describePlatform, openProfile, sealProfile } from './device-profile';

const identity = randomBytes(32);
const device = randomBytes(16);
const other = randomBytes(16);
const userKey = { generation: 3, privateKey: randomBytes(32) };
const keys = (generation: number) => (generation === userKey.generation ? userKey.privateKey : undefined);
const profile = { name: 'Work laptop', platform: 'Chrome 131 on Linux' };

describe('device profile', () => {
  it('round trips for a reader holding the user key of its generation', () => {
    const sealed = sealProfile(profile, { identity, device }, userKey);
    expect(openProfile(sealed, { identity, device }, keys)).toEqual(profile);
    expect(new TextDecoder().decode(sealed)).not.toContain('Work laptop');
  });

  it('does not open with a wrong key or a generation the reader lacks', () => {
    const sealed = sealProfile(profile, { identity, device }, userKey);
    expect(openProfile(sealed, { identity, device }, () => randomBytes(32))).toBeNull();
    const newer = sealProfile(profile, { identity, device }, { generation: 4, privateKey: randomBytes(32) });
    expect(openProfile(newer, { identity, device }, keys)).toBeNull();
  });

  it('does not open when tampered, truncated or relabelled to another generation', () => {
    const sealed = sealProfile(profile, { identity, device }, userKey);
    for (let i = 0; i < sealed.length; i += 7) {
      const bad = sealed.slice();
      bad[i] = (bad[i] ?? 0) ^ 1;
      expect(openProfile(bad, { identity, device }, () => userKey.privateKey)).toBeNull();
    }
    expect(openProfile(sealed.subarray(0, 20), { identity, device }, keys)).toBeNull();
  });

  it("does not open as another device's profile or another identity's", () => {
    const sealed = sealProfile(profile, { identity, device }, userKey);
    expect(openProfile(sealed, { identity, device: other }, keys)).toBeNull();
    expect(openProfile(sealed, { identity: randomBytes(32), device }, keys)).toBeNull();
  });

  it('refuses an empty or too long name with a clear error', () => {
    expect(() => sealProfile({ name: '  ', platform: 'x' }, { identity, device }, userKey)).toThrow('cannot be empty');
    expect(() => sealProfile({ name: 'n'.repeat(65), platform: 'x' }, { identity, device }, userKey)).toThrow('at most 64');
  });

  it('names the platform from userAgentData or the user agent', () => {
    const brands = [{ brand: 'Not_A Brand', version: '8' }, { brand: 'Chromium', version: '131' }];
    expect(describePlatform({ brands, platform: 'Linux' })).toBe('Chromium 131 on Linux');
    expect(describePlatform({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0.0.0 Safari/537.36' })).toBe('Chrome 130 on Windows');
    expect(defaultDeviceName('Chromium 131 on Linux')).toBe('Chromium on Linux');
  });
});

describe('heartbeat profile field', () => {
  const seed = randomBytes(32);
  const fields = (): HeartbeatFields => ({
    identity,
    device,
    signer: signingKeyPairFromSeed(seed).publicKey,
    time: 1_700_000_000_000,
    chain: { seq: 0, head: randomBytes(32) },
    logs: [],
  });

  it('keeps old heartbeats without a profile valid (body v1)', () => {
    const heartbeat = decodeHeartbeat(signHeartbeat(fields(), seed));
    expect(heartbeat.fields.profile).toBeUndefined();
    expect(heartbeatSignatureValid(heartbeat)).toBe(true);
  });

  it('carries a sealed profile under the signature (body v2)', () => {
    const sealed = sealProfile(profile, { identity, device }, userKey);
    const heartbeat = decodeHeartbeat(signHeartbeat({ ...fields(), profile: sealed }, seed));
    expect(heartbeatSignatureValid(heartbeat)).toBe(true);
    expect(openProfile(heartbeat.fields.profile ?? new Uint8Array(), { identity, device }, keys)).toEqual(profile);
  });

  it('refuses a profile over the size limit', () => {
    expect(() => signHeartbeat({ ...fields(), profile: new Uint8Array(1025) }, seed)).toThrow('at most 1024');
  });
});
