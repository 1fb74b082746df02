import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from '../crypto/cbor';
import { sha256 } from '../crypto/hash';
import { openKey, sealKey } from '../crypto/hpke';
import { generateX25519KeyPair } from '../crypto/x25519';
import { VaultError } from '../protocol/errors';
import { decodeEntry, type IdentityBody, type IdentityOp } from './entry';
import { devicesEnrolledBy, deviceTrustedAt, trustedDevices, validateIdentityChain, type IdentityState } from './identity-chain';
import { deviceSigner, forge, newDevice, newRecoveryKey, opaqueSeal, recoverySigner, TestIdentity, type TestDevice } from './test-fixtures';

/** The body of the next entry at the chain's head, as any signer could build it. */
function nextBody(state: IdentityState, author: { by: 'device' | 'recovery'; id: Uint8Array }, op: IdentityOp): IdentityBody {
  return {
    chain: 'identity',
    chainId: state.identityId,
    seq: state.length,
    prev: state.head,
    author: { ...author, identity: state.identityId },
    time: 1_800_000_000_000,
    ...op,
  };
}

function addDeviceOp(device: TestDevice): IdentityOp {
  return {
    op: 'add-device',
    args: { deviceId: device.deviceId, signingKey: device.signing.publicKey, x25519Key: device.x25519.publicKey, userKeySeal: opaqueSeal() },
  };
}

function refusal(entries: readonly Uint8Array[], pinned?: Uint8Array): VaultError {
  try {
    validateIdentityChain(entries, pinned);
  } catch (error) {
    if (error instanceof VaultError) return error;
    throw error;
  }
  throw new Error('the chain was accepted');
}

describe('identity chain genesis (DESIGN.md §5, §7)', () => {
  it('makes the identity id and vault fingerprint the hash of the genesis entry', () => {
    const alice = new TestIdentity();
    const state = validateIdentityChain(alice.entries);
    expect(state.identityId).toEqual(sha256(alice.entries[0] as Uint8Array));
    expect(state.length).toBe(1);
    expect(state.head).toEqual(state.identityId);
    expect(trustedDevices(state).map((d) => d.deviceId)).toEqual([alice.first.deviceId]);
    expect(state.userKey).toMatchObject({ generation: 0, publicKey: alice.userKey.publicKey });
    expect(state.devices.get([...state.devices.keys()][0] ?? '')?.approvedBy).toBeNull();
  });

  it('accepts a genesis that matches the pinned fingerprint', () => {
    const alice = new TestIdentity();
    expect(validateIdentityChain(alice.entries, alice.id).identityId).toEqual(alice.id);
  });

  it('refuses a genesis whose fingerprint differs from the pinned one', () => {
    const alice = new TestIdentity();
    const mallory = new TestIdentity();
    const error = refusal(mallory.entries, alice.id);
    expect(error.code).toBe('FORK');
    expect(error.message).toMatch(/entry 0 \(genesis\): .*pinned/);
  });

  it('refuses a genesis that is not self-signed by the device it names', () => {
    const named = newDevice();
    const signer = newDevice();
    const body: IdentityBody = {
      chain: 'identity',
      chainId: new Uint8Array(0),
      seq: 0,
      prev: new Uint8Array(32),
      author: { by: 'device', identity: new Uint8Array(0), id: named.deviceId },
      time: 0,
      op: 'genesis',
      args: { deviceId: named.deviceId, signingKey: named.signing.publicKey, x25519Key: named.x25519.publicKey, userKey: generateX25519KeyPair().publicKey },
    };
    expect(refusal([forge(body, signer.signing.seed)]).code).toBe('BAD_SIGNATURE');
    expect(refusal([forge({ ...body, author: { ...body.author, by: 'recovery' } }, named.signing.seed)]).code).toBe('UNTRUSTED_WRITER');
  });

  it('refuses a chain that does not start with a genesis, and a genesis later in the chain', () => {
    const alice = new TestIdentity();
    alice.addDevice(deviceSigner(alice.first));
    expect(refusal(alice.entries.slice(1)).code).toBe('BAD_CHAIN');
    expect(refusal([]).code).toBe('BAD_CHAIN');
    const mallory = new TestIdentity();
    const genesisAgain = decodeEntry(mallory.entries[0] as Uint8Array).body as IdentityBody;
    const forged = forge(nextBody(alice.state, { by: 'device', id: alice.first.deviceId }, { op: genesisAgain.op, args: genesisAgain.args } as IdentityOp), alice.first.signing.seed);
    expect(refusal([...alice.entries, forged]).message).toMatch(/entry 2 \(genesis\): .*only at seq 0/);
  });
});

describe('who may append to an identity chain', () => {
  it('refuses an add-device signed by a device revoked earlier in the chain', () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    alice.revoke(deviceSigner(alice.first), laptop);
    const forged = forge(nextBody(alice.state, { by: 'device', id: laptop.deviceId }, addDeviceOp(newDevice())), laptop.signing.seed);
    const error = refusal([...alice.entries, forged]);
    expect(error.code).toBe('UNTRUSTED_WRITER');
    expect(error.message).toMatch(/entry 3 \(add-device\): signed by a device revoked at entry 2/);
  });

  it('refuses an entry signed by a device that was never added', () => {
    const alice = new TestIdentity();
    const stranger = newDevice();
    const forged = forge(nextBody(alice.state, { by: 'device', id: stranger.deviceId }, addDeviceOp(stranger)), stranger.signing.seed);
    expect(refusal([...alice.entries, forged]).code).toBe('UNTRUSTED_WRITER');
  });

  it("refuses an entry that names a trusted device but is signed with another key", () => {
    const alice = new TestIdentity();
    const stranger = newDevice();
    const forged = forge(nextBody(alice.state, { by: 'device', id: alice.first.deviceId }, addDeviceOp(stranger)), stranger.signing.seed);
    expect(refusal([...alice.entries, forged]).code).toBe('BAD_SIGNATURE');
  });

  it('records who approved each device and at which seq', () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    const phone = alice.addDevice(deviceSigner(laptop));
    const state = validateIdentityChain(alice.entries);
    expect(deviceTrustedAt(state, phone.deviceId, 2)?.approvedBy).toEqual({ by: 'device', identity: alice.id, id: laptop.deviceId });
    expect(deviceTrustedAt(state, phone.deviceId, 1)).toBeUndefined();
  });

  it('lets the recovery key append, and refuses a recovery key that was revoked or replaced', () => {
    const alice = new TestIdentity();
    const kit = alice.setRecovery(deviceSigner(alice.first));
    const fresh = alice.addDevice(recoverySigner(kit));
    alice.revoke(recoverySigner(kit), alice.first);
    alice.rotate(recoverySigner(kit));
    expect(validateIdentityChain(alice.entries).devices.size).toBe(2);
    alice.setRecovery(deviceSigner(fresh));
    const forged = forge(nextBody(alice.state, { by: 'recovery', id: kit.signing.publicKey }, addDeviceOp(newDevice())), kit.signing.seed);
    expect(refusal([...alice.entries, forged]).code).toBe('UNTRUSTED_WRITER');
    alice.append(deviceSigner(fresh), { op: 'revoke-recovery-key', args: {} });
    const kit2 = alice.recovery ?? newRecoveryKey();
    const forged2 = forge(nextBody(alice.state, { by: 'recovery', id: kit2.signing.publicKey }, addDeviceOp(newDevice())), kit2.signing.seed);
    expect(refusal([...alice.entries, forged2]).code).toBe('UNTRUSTED_WRITER');
  });

  it('refuses a recovery signature when no recovery key was ever set', () => {
    const alice = new TestIdentity();
    const kit = newRecoveryKey();
    const forged = forge(nextBody(alice.state, { by: 'recovery', id: kit.signing.publicKey }, addDeviceOp(newDevice())), kit.signing.seed);
    expect(refusal([...alice.entries, forged]).code).toBe('UNTRUSTED_WRITER');
  });
});

describe('what the trust view reads from the state', () => {
  it('lists the devices a device enrolled, so revoking it can offer to revoke them too', () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    const phone = alice.addDevice(deviceSigner(laptop));
    const tablet = alice.addDevice(deviceSigner(laptop));
    alice.addDevice(deviceSigner(alice.first));
    const enrolled = devicesEnrolledBy(validateIdentityChain(alice.entries), laptop.deviceId).map((d) => d.deviceId);
    expect(enrolled).toEqual([phone.deviceId, tablet.deviceId]);
  });

  it('records every entry the recovery key signed, each one an alert for all devices', () => {
    const alice = new TestIdentity();
    const kit = alice.setRecovery(deviceSigner(alice.first));
    alice.addDevice(recoverySigner(kit));
    alice.addDevice(deviceSigner(alice.first));
    alice.revoke(recoverySigner(kit), alice.first);
    expect(validateIdentityChain(alice.entries).recoverySignedAt).toEqual([2, 4]);
  });
});

describe('revocation and re-adding', () => {
  it('refuses re-adding a revoked device with the same keys or id; a new device with new keys is fine', () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    alice.revoke(deviceSigner(alice.first), laptop);
    const signer = { by: 'device' as const, id: alice.first.deviceId };
    const again = forge(nextBody(alice.state, signer, addDeviceOp(laptop)), alice.first.signing.seed);
    expect(refusal([...alice.entries, again]).code).toBe('BAD_CHAIN');
    const sameSigningKey = { ...newDevice(), signing: laptop.signing };
    const partly = forge(nextBody(alice.state, signer, addDeviceOp(sameSigningKey)), alice.first.signing.seed);
    expect(refusal([...alice.entries, partly]).message).toMatch(/already used/);
    alice.addDevice(deviceSigner(alice.first));
    expect(trustedDevices(validateIdentityChain(alice.entries))).toHaveLength(2);
  });

  it('refuses revoking the last trusted device, and revoking a device twice', () => {
    const alice = new TestIdentity();
    const self = { by: 'device' as const, id: alice.first.deviceId };
    const last = forge(nextBody(alice.state, self, { op: 'revoke-device', args: { deviceId: alice.first.deviceId } }), alice.first.signing.seed);
    expect(refusal([...alice.entries, last]).message).toMatch(/no trusted device/);
    const laptop = alice.addDevice(deviceSigner(alice.first));
    alice.revoke(deviceSigner(alice.first), laptop);
    const twice = forge(nextBody(alice.state, self, { op: 'revoke-device', args: { deviceId: laptop.deviceId } }), alice.first.signing.seed);
    expect(refusal([...alice.entries, twice]).code).toBe('BAD_CHAIN');
  });

  it('marks the user key due for rotation after a revocation until rotate-user-key', () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    expect(alice.state.userKeyRotationDue).toBe(false);
    alice.revoke(deviceSigner(alice.first), laptop);
    expect(alice.state.userKeyRotationDue).toBe(true);
    alice.rotate(deviceSigner(alice.first));
    expect(alice.state.userKeyRotationDue).toBe(false);
    alice.setRecovery(deviceSigner(alice.first));
    expect(alice.state.userKeyRotationDue).toBe(false);
    alice.append(deviceSigner(alice.first), { op: 'revoke-recovery-key', args: {} });
    expect(alice.state.userKeyRotationDue).toBe(true);
  });
});

describe('rotate-user-key', () => {
  function rotateOp(alice: TestIdentity, changes: Partial<Extract<IdentityOp, { op: 'rotate-user-key' }>['args']>): IdentityOp {
    const args = { generation: alice.state.userKey.generation + 1, userKey: generateX25519KeyPair().publicKey, seals: alice.rotationSeals() };
    return { op: 'rotate-user-key', args: { ...args, ...changes } };
  }

  function refuseRotate(alice: TestIdentity, op: IdentityOp): VaultError {
    return refusal([...alice.entries, forge(nextBody(alice.state, { by: 'device', id: alice.first.deviceId }, op), alice.first.signing.seed)]);
  }

  function setUp(): { alice: TestIdentity; laptop: TestDevice; gone: TestDevice } {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    const gone = alice.addDevice(deviceSigner(alice.first));
    alice.setRecovery(deviceSigner(alice.first));
    alice.revoke(deviceSigner(alice.first), gone);
    return { alice, laptop, gone };
  }

  it('refuses a generation that is not the previous + 1', () => {
    const { alice } = setUp();
    expect(refuseRotate(alice, rotateOp(alice, { generation: 2 })).message).toMatch(/generation must be 1/);
    expect(refuseRotate(alice, rotateOp(alice, { generation: 0 })).code).toBe('BAD_CHAIN');
  });

  it('refuses seals that leave out a trusted device or the recovery key', () => {
    const { alice, laptop } = setUp();
    const seals = alice.rotationSeals();
    expect(refuseRotate(alice, rotateOp(alice, { seals: seals.filter((s) => s.to !== 'recovery') })).code).toBe('BAD_CHAIN');
    const withoutLaptop = seals.filter((s) => s.to !== 'device' || s.id.toString() !== laptop.deviceId.toString());
    expect(refuseRotate(alice, rotateOp(alice, { seals: withoutLaptop })).message).toMatch(/exactly the trusted devices/);
  });

  it('refuses seals to a revoked device, duplicated seals, and a reused user key', () => {
    const { alice, gone } = setUp();
    const seals = alice.rotationSeals();
    const toRevoked = [...seals, { to: 'device', id: gone.deviceId, sealed: opaqueSeal() }];
    expect(refuseRotate(alice, rotateOp(alice, { seals: toRevoked })).code).toBe('BAD_CHAIN');
    const first = seals[0];
    if (!first) throw new Error('no seals');
    expect(refuseRotate(alice, rotateOp(alice, { seals: [...seals.slice(1), first, first] })).code).toBe('BAD_CHAIN');
    expect(refuseRotate(alice, rotateOp(alice, { userKey: alice.userKey.publicKey })).message).toMatch(/already used/);
  });

  it('carries real HPKE seals of the new user key that each remaining device opens', async () => {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    const userKey = generateX25519KeyPair();
    const info = new TextEncoder().encode('user-key/v1 test generation 1');
    const seals = await Promise.all(
      [alice.first, laptop].map(async (d) => ({ to: 'device', id: d.deviceId, sealed: await sealKey(d.x25519.publicKey, userKey.privateKey, info) })),
    );
    alice.append(deviceSigner(laptop), { op: 'rotate-user-key', args: { generation: 1, userKey: userKey.publicKey, seals } });
    const rotate = decodeEntry(alice.entries[2] as Uint8Array).body;
    if (rotate.op !== 'rotate-user-key') throw new Error('not a rotate entry');
    const mine = rotate.args.seals.find((s) => s.id.toString() === laptop.deviceId.toString());
    expect(await openKey(laptop.x25519.privateKey, mine?.sealed ?? new Uint8Array(0), info)).toEqual(userKey.privateKey);
    expect(validateIdentityChain(alice.entries).userKey.generation).toBe(1);
  });
});

describe('links between identity-chain entries', () => {
  function grown(): TestIdentity {
    const alice = new TestIdentity();
    const laptop = alice.addDevice(deviceSigner(alice.first));
    alice.addDevice(deviceSigner(laptop));
    alice.rotate(deviceSigner(laptop));
    return alice;
  }

  it('refuses a forked chain (two entries at one seq)', () => {
    const alice = grown();
    const base = validateIdentityChain(alice.entries.slice(0, 2));
    const branch = forge(nextBody(base, { by: 'device', id: alice.first.deviceId }, addDeviceOp(newDevice())), alice.first.signing.seed);
    const error = refusal([...alice.entries.slice(0, 3), branch]);
    expect(error.code).toBe('FORK');
    expect(error.message).toMatch(/entry 2 .*seq 2/);
  });

  it('refuses reordered entries, a gap, and a prev that does not link', () => {
    const alice = grown();
    const [g, a, b, c] = alice.entries as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    expect(refusal([g, b, a, c]).code).toBe('BAD_CHAIN');
    expect(refusal([g, a, c]).message).toMatch(/seq must be 2/);
    const body = { ...(decodeEntry(b).body as IdentityBody), prev: new Uint8Array(32).fill(7) };
    expect(refusal([g, a, forge(body, alice.first.signing.seed)]).message).toMatch(/prev is not the hash/);
  });

  it('refuses an entry spliced in from another identity chain', () => {
    const alice = new TestIdentity();
    const bob = new TestIdentity();
    bob.addDevice(deviceSigner(bob.first));
    const spliced = forge({ ...(decodeEntry(bob.entries[1] as Uint8Array).body as IdentityBody), prev: alice.state.head }, bob.first.signing.seed);
    expect(refusal([...alice.entries, spliced]).code).toBe('BAD_CHAIN');
  });

  it('refuses tampered bytes with BAD_SIGNATURE when the change still decodes', () => {
    const alice = grown();
    const entry = decodeEntry(alice.entries[1] as Uint8Array);
    const body = { ...(entry.body as IdentityBody), time: entry.body.time + 1 };
    const laptop = newDevice();
    const reSignedByOther = forge(body, laptop.signing.seed);
    expect(refusal([alice.entries[0] as Uint8Array, reSignedByOther]).code).toBe('BAD_SIGNATURE');
    const sig = entry.signature.slice();
    sig[10] = (sig[10] ?? 0) ^ 1;
    const flipped = encodeCanonical({ kind: 'chain-envelope', v: 1, body: entry.bodyBytes, sig });
    expect(refusal([alice.entries[0] as Uint8Array, flipped]).code).toBe('BAD_SIGNATURE');
  });

  it('refuses any single flipped bit anywhere in any entry (property)', () => {
    const alice = grown();
    const total = alice.entries.reduce((n, e) => n + e.length, 0);
    fc.assert(
      fc.property(fc.nat(total - 1), fc.integer({ min: 0, max: 7 }), (position, bit) => {
        const entries = alice.entries.map((e) => e.slice());
        let at = position;
        let index = 0;
        while (at >= (entries[index]?.length ?? 0)) at -= entries[index++]?.length ?? 0;
        const target = entries[index] as Uint8Array;
        target[at] = (target[at] ?? 0) ^ (1 << bit);
        expect(() => validateIdentityChain(entries, alice.id)).toThrow(VaultError);
      }),
      { numRuns: 300 },
    );
  });

  it('never orders by time claims: entries whose times go backwards validate', () => {
    const alice = new TestIdentity(2_000_000_000_000);
    alice.addDevice(deviceSigner(alice.first));
    const times = alice.entries.map((e) => decodeEntry(e).body.time);
    expect(times[1]).toBeLessThan(times[0] ?? 0);
    expect(validateIdentityChain(alice.entries).length).toBe(2);
  });
});

describe('a long identity chain', () => {
  it('validates add, revoke and rotate over 59 entries and answers trust at every position', () => {
    const alice = new TestIdentity();
    alice.setRecovery(deviceSigner(alice.first));
    const history: { device: TestDevice; added: number; revoked: number | null }[] = [];
    for (let round = 0; round < 29; round++) {
      const device = alice.addDevice(deviceSigner(alice.first));
      history.push({ device, added: alice.state.length - 1, revoked: null });
      if (round % 2 === 1) {
        const victim = history[round - 1];
        if (!victim) throw new Error('no victim');
        alice.revoke(round % 4 === 1 ? recoverySigner(alice.recovery ?? newRecoveryKey()) : deviceSigner(device), victim.device);
        victim.revoked = alice.state.length - 1;
        alice.rotate(deviceSigner(alice.first));
      }
    }
    const state = validateIdentityChain(alice.entries, alice.id);
    expect(state.length).toBe(alice.entries.length);
    expect(state.length).toBe(59);
    expect(state.userKey.generation).toBe(14);
    expect(state.userKeyHistory).toHaveLength(15);
    for (const { device, added, revoked } of history) {
      expect(deviceTrustedAt(state, device.deviceId, added - 1)).toBeUndefined();
      expect(deviceTrustedAt(state, device.deviceId, added)).toBeDefined();
      if (revoked !== null) {
        expect(deviceTrustedAt(state, device.deviceId, revoked - 1)).toBeDefined();
        expect(deviceTrustedAt(state, device.deviceId, revoked)).toBeUndefined();
      }
    }
  });
});
