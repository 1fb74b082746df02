/**
 * Test fixtures for chain tests: real Ed25519 and X25519 key pairs (never mocked crypto), a small
 * driver that grows a valid identity chain through append.ts, and `forge`, which signs any body a
 * malicious server or a revoked device could produce. Seals are opaque to the validators, so most
 * tests carry 80 random bytes where a client would put an HPKE box; the tests that open seals use
 * real HPKE (hpke.ts). Imported only by `*.test.ts`.
 */
import { generateSigningKeyPair, type SigningKeyPair } from '../crypto/ed25519';
import { randomBytes } from '../crypto/random';
import { generateX25519KeyPair, type X25519KeyPair } from '../crypto/x25519';
import { appendIdentityEntry, createIdentityGenesis, type CollectionSigner, type IdentitySigner } from './append';
import { DEVICE_ID_LENGTH, SEAL_LENGTH, signEntry, type EntryBody, type IdentityOp } from './entry';
import { trustedDevices, type IdentityState } from './identity-chain';

export interface TestDevice {
  readonly deviceId: Uint8Array;
  readonly signing: SigningKeyPair;
  readonly x25519: X25519KeyPair;
}

export interface TestRecoveryKey {
  readonly signing: SigningKeyPair;
  readonly x25519: X25519KeyPair;
}

export function newDevice(): TestDevice {
  return { deviceId: randomBytes(DEVICE_ID_LENGTH), signing: generateSigningKeyPair(), x25519: generateX25519KeyPair() };
}

export function newRecoveryKey(): TestRecoveryKey {
  return { signing: generateSigningKeyPair(), x25519: generateX25519KeyPair() };
}

/** 80 opaque bytes standing in for an HPKE sealed key. */
export function opaqueSeal(): Uint8Array {
  return randomBytes(SEAL_LENGTH);
}

export function deviceSigner(device: TestDevice): IdentitySigner {
  return { by: 'device', id: device.deviceId, seed: device.signing.seed };
}

export function recoverySigner(recovery: TestRecoveryKey): IdentitySigner {
  return { by: 'recovery', id: recovery.signing.publicKey, seed: recovery.signing.seed };
}

/** Sign any body with any seed: what an attacker with that key (or none) could send. */
export function forge(body: EntryBody, seed: Uint8Array): Uint8Array {
  return signEntry(body, seed);
}

/** Grows a valid identity chain, keeping its entries and state. */
export class TestIdentity {
  readonly entries: Uint8Array[] = [];
  state: IdentityState;
  readonly first: TestDevice;
  userKey: X25519KeyPair;
  recovery: TestRecoveryKey | null = null;

  constructor(time = 1_700_000_000_000) {
    this.first = newDevice();
    this.userKey = generateX25519KeyPair();
    const genesis = createIdentityGenesis(
      { deviceId: this.first.deviceId, seed: this.first.signing.seed, x25519Key: this.first.x25519.publicKey },
      this.userKey.publicKey,
      time,
    );
    this.entries.push(genesis.bytes);
    this.state = genesis.state;
  }

  get id(): Uint8Array {
    return this.state.identityId;
  }

  append(signer: IdentitySigner, op: Exclude<IdentityOp, { op: 'genesis' }>): Uint8Array {
    const appended = appendIdentityEntry(this.state, this.state.head, signer, op, 1_700_000_000_000 + this.state.length);
    this.entries.push(appended.bytes);
    this.state = appended.state;
    return appended.bytes;
  }

  addDevice(by: IdentitySigner, device: TestDevice = newDevice()): TestDevice {
    const args = { deviceId: device.deviceId, signingKey: device.signing.publicKey, x25519Key: device.x25519.publicKey };
    this.append(by, { op: 'add-device', args: { ...args, userKeySeal: opaqueSeal() } });
    return device;
  }

  revoke(by: IdentitySigner, device: TestDevice): void {
    this.append(by, { op: 'revoke-device', args: { deviceId: device.deviceId } });
  }

  /** The seals a correct rotate-user-key carries: every trusted device, and the recovery key if set. */
  rotationSeals(): { to: string; id: Uint8Array; sealed: Uint8Array }[] {
    const seals = trustedDevices(this.state).map((device) => ({ to: 'device', id: device.deviceId, sealed: opaqueSeal() }));
    if (this.state.recoveryKey) seals.push({ to: 'recovery', id: this.state.recoveryKey.signingKey, sealed: opaqueSeal() });
    return seals;
  }

  rotate(by: IdentitySigner): void {
    this.userKey = generateX25519KeyPair();
    const generation = this.state.userKey.generation + 1;
    this.append(by, { op: 'rotate-user-key', args: { generation, userKey: this.userKey.publicKey, seals: this.rotationSeals() } });
  }

  setRecovery(by: IdentitySigner, recovery: TestRecoveryKey = newRecoveryKey()): TestRecoveryKey {
    const args = { signingKey: recovery.signing.publicKey, x25519Key: recovery.x25519.publicKey, userKeySeal: opaqueSeal() };
    this.append(by, { op: 'set-recovery-key', args });
    this.recovery = recovery;
    return recovery;
  }

  /** A collection signer for `device` at this identity's current head. */
  collectionSigner(device: TestDevice, at: number = this.state.length - 1): CollectionSigner {
    return { identity: this.id, deviceId: device.deviceId, seed: device.signing.seed, at };
  }
}
