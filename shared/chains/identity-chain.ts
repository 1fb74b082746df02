/**
 * Identity chains (DESIGN.md §5, §7): one per person, a hash-linked, append-only list of signed
 * entries (entry.ts): genesis, add-device, revoke-device, rotate-user-key, set-recovery-key,
 * revoke-recovery-key. The identity id, which is also the vault fingerprint, is the hash of the
 * genesis entry. Rules (docs/chains.md), each checked at the state just before the entry:
 * - the genesis is at seq 0, self-signed by the device it names, and matches a pinned fingerprint;
 * - every later entry is signed by a device of this identity that is trusted, or by its current
 *   recovery key; nothing by a device at or after its revoke entry (UNTRUSTED_WRITER);
 * - device ids, device keys, recovery keys and user keys are never reused: a revoked device comes
 *   back only as a new device with new keys and a new id;
 * - at least one trusted device remains after a revoke;
 * - rotate-user-key has generation = previous + 1 and seals the new user key to exactly the
 *   trusted devices, plus the recovery key when one is set.
 * Times are claims and are never used for ordering. Refusals name the entry's seq and op.
 */
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { checkLink, decodeAt, keyOf } from './chain-link';
import { chainError, entrySignedBy, type Entry, type IdentityAuthor, type IdentityBody, type IdentityOp } from './entry';

export interface DeviceRecord {
  readonly deviceId: Uint8Array;
  readonly signingKey: Uint8Array;
  readonly x25519Key: Uint8Array;
  readonly status: 'trusted' | 'revoked';
  /** Who signed its add-device entry; null for the genesis device. */
  readonly approvedBy: IdentityAuthor | null;
  readonly addedAt: number;
  readonly revokedAt: number | null;
}

export interface RecoveryKeyRecord {
  readonly signingKey: Uint8Array;
  readonly x25519Key: Uint8Array;
  readonly setAt: number;
}

export interface UserKeyRecord {
  readonly generation: number;
  readonly publicKey: Uint8Array;
  readonly setAt: number;
}

export interface IdentityState {
  /** Hash of the genesis entry: the identity id and vault fingerprint. */
  readonly identityId: Uint8Array;
  /** Number of entries; the next entry's seq. */
  readonly length: number;
  /** Hash of the last entry; the next entry's prev. */
  readonly head: Uint8Array;
  /** Every device ever added, by hex device id. */
  readonly devices: ReadonlyMap<string, DeviceRecord>;
  /** The current user key and every earlier generation, oldest first. */
  readonly userKey: UserKeyRecord;
  readonly userKeyHistory: readonly UserKeyRecord[];
  readonly recoveryKey: RecoveryKeyRecord | null;
  /** True after a revocation (device or recovery key) until the next rotate-user-key. */
  readonly userKeyRotationDue: boolean;
  /** The seq of every entry the recovery key signed: each one is a security alert (DESIGN.md §7). */
  readonly recoverySignedAt: readonly number[];
  /** Hex of every device id and public key ever used in this chain. */
  readonly usedKeys: ReadonlySet<string>;
}

/** The device record if `deviceId` was trusted just after entry `seq` (added at ≤ seq, not revoked). */
export function deviceTrustedAt(state: IdentityState, deviceId: Uint8Array, seq: number): DeviceRecord | undefined {
  const device = state.devices.get(keyOf(deviceId));
  if (!device || seq >= state.length || device.addedAt > seq) return undefined;
  if (device.revokedAt !== null && device.revokedAt <= seq) return undefined;
  return device;
}

/** The trusted devices now. */
export function trustedDevices(state: IdentityState): DeviceRecord[] {
  return [...state.devices.values()].filter((device) => device.status === 'trusted');
}

/** The devices whose add-device entry `deviceId` signed (to offer revoking them with it, DESIGN.md §5). */
export function devicesEnrolledBy(state: IdentityState, deviceId: Uint8Array): DeviceRecord[] {
  return [...state.devices.values()].filter(
    (device) => device.approvedBy?.by === 'device' && equalBytes(device.approvedBy.id, deviceId),
  );
}

/** Validate a whole identity chain from its genesis; refuses the first entry that breaks a rule. */
export function validateIdentityChain(entries: readonly Uint8Array[], pinnedGenesis?: Uint8Array): IdentityState {
  const [genesis, ...rest] = entries;
  if (genesis === undefined) throw new VaultError('BAD_CHAIN', 'an identity chain starts with a genesis entry');
  const state = applyIdentityEntry(null, decodeAt(genesis, 0));
  if (pinnedGenesis !== undefined && !equalBytes(state.identityId, pinnedGenesis)) {
    throw chainError('FORK', { seq: 0, op: 'genesis' }, 'genesis fingerprint differs from the pinned one');
  }
  return extendIdentityChain(state, rest);
}

/** Validate entries that follow an already validated state (a chain served from a position). */
export function extendIdentityChain(state: IdentityState, entries: readonly Uint8Array[]): IdentityState {
  return entries.reduce((current, bytes, index) => applyIdentityEntry(current, decodeAt(bytes, state.length + index)), state);
}

/** The state after one more entry; `state` is null before the genesis. Never mutates `state`. */
export function applyIdentityEntry(state: IdentityState | null, entry: Entry): IdentityState {
  const body = entry.body;
  if (body.chain !== 'identity') throw chainError('BAD_CHAIN', body, 'not an identity chain entry');
  checkLink(state, body);
  if (state === null) return applyGenesis(entry, body);
  if (body.op === 'genesis') throw chainError('BAD_CHAIN', body, 'a genesis entry is only at seq 0');
  authorize(state, entry, body);
  const next = applyOp(state, body, body);
  const recoverySignedAt = body.author.by === 'recovery' ? [...state.recoverySignedAt, body.seq] : state.recoverySignedAt;
  return { ...next, recoverySignedAt, length: state.length + 1, head: entry.hash };
}

function applyGenesis(entry: Entry, body: IdentityBody): IdentityState {
  if (body.op !== 'genesis') throw chainError('BAD_CHAIN', body, 'seq 0 must be a genesis entry');
  const { deviceId, signingKey, x25519Key, userKey } = body.args;
  if (body.chainId.length !== 0 || body.author.identity.length !== 0) {
    throw chainError('BAD_CHAIN', body, 'a genesis has an empty chain id and author identity (its hash is the id)');
  }
  if (body.author.by !== 'device' || !equalBytes(body.author.id, deviceId)) {
    throw chainError('UNTRUSTED_WRITER', body, 'a genesis is signed by the device it names');
  }
  if (!entrySignedBy(entry, signingKey)) throw chainError('BAD_SIGNATURE', body, 'genesis is not self-signed');
  const device: DeviceRecord = { deviceId, signingKey, x25519Key, status: 'trusted', approvedBy: null, addedAt: 0, revokedAt: null };
  const used = [deviceId, signingKey, x25519Key, userKey].map(keyOf);
  if (new Set(used).size !== used.length) throw chainError('BAD_CHAIN', body, 'genesis keys must be distinct');
  const firstUserKey: UserKeyRecord = { generation: 0, publicKey: userKey, setAt: 0 };
  return {
    identityId: entry.hash,
    length: 1,
    head: entry.hash,
    devices: new Map([[keyOf(deviceId), device]]),
    userKey: firstUserKey,
    userKeyHistory: [firstUserKey],
    recoveryKey: null,
    userKeyRotationDue: false,
    recoverySignedAt: [],
    usedKeys: new Set(used),
  };
}

function authorize(state: IdentityState, entry: Entry, body: IdentityBody): void {
  if (!equalBytes(body.chainId, state.identityId) || !equalBytes(body.author.identity, state.identityId)) {
    throw chainError('BAD_CHAIN', body, 'entry belongs to another identity chain');
  }
  const key = authorKey(state, body);
  if (!entrySignedBy(entry, key)) throw chainError('BAD_SIGNATURE', body, 'signature does not verify under the author key');
}

function authorKey(state: IdentityState, body: IdentityBody): Uint8Array {
  if (body.author.by === 'recovery') {
    if (state.recoveryKey === null || !equalBytes(state.recoveryKey.signingKey, body.author.id)) {
      throw chainError('UNTRUSTED_WRITER', body, 'signed by a recovery key that is not the current one');
    }
    return state.recoveryKey.signingKey;
  }
  const device = state.devices.get(keyOf(body.author.id));
  if (!device) throw chainError('UNTRUSTED_WRITER', body, 'signed by a device that is not in this identity chain');
  if (device.status === 'revoked') {
    throw chainError('UNTRUSTED_WRITER', body, `signed by a device revoked at entry ${String(device.revokedAt)}`);
  }
  return device.signingKey;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function applyOp(state: IdentityState, op: IdentityOp, body: IdentityBody): Mutable<IdentityState> {
  const next: Mutable<IdentityState> = { ...state, devices: new Map(state.devices), usedKeys: new Set(state.usedKeys) };
  switch (op.op) {
    case 'genesis':
      throw chainError('BAD_CHAIN', body, 'a genesis entry is only at seq 0');
    case 'add-device':
      return addDevice(next, op.args, body);
    case 'revoke-device':
      return revokeDevice(next, op.args.deviceId, body);
    case 'rotate-user-key':
      return rotateUserKey(next, op.args, body);
    case 'set-recovery-key':
      useFresh(next, [op.args.signingKey, op.args.x25519Key], body);
      next.userKeyRotationDue ||= next.recoveryKey !== null;
      next.recoveryKey = { signingKey: op.args.signingKey, x25519Key: op.args.x25519Key, setAt: body.seq };
      return next;
    case 'revoke-recovery-key':
      if (next.recoveryKey === null) throw chainError('BAD_CHAIN', body, 'there is no recovery key to revoke');
      next.recoveryKey = null;
      next.userKeyRotationDue = true;
      return next;
  }
}

/** Refuse any id or key this chain has used before (revoked devices never return with old keys). */
function useFresh(next: Mutable<IdentityState>, values: readonly Uint8Array[], body: IdentityBody): void {
  const keys = values.map(keyOf);
  if (new Set(keys).size !== keys.length || keys.some((key) => next.usedKeys.has(key))) {
    throw chainError('BAD_CHAIN', body, 'an id or key already used in this chain (a revoked device returns only with new keys)');
  }
  next.usedKeys = new Set([...next.usedKeys, ...keys]);
}

type AddDeviceArgs = Extract<IdentityOp, { op: 'add-device' }>['args'];

function addDevice(next: Mutable<IdentityState>, args: AddDeviceArgs, body: IdentityBody): Mutable<IdentityState> {
  useFresh(next, [args.deviceId, args.signingKey, args.x25519Key], body);
  const device: DeviceRecord = {
    deviceId: args.deviceId,
    signingKey: args.signingKey,
    x25519Key: args.x25519Key,
    status: 'trusted',
    approvedBy: body.author,
    addedAt: body.seq,
    revokedAt: null,
  };
  const devices = new Map(next.devices);
  devices.set(keyOf(args.deviceId), device);
  next.devices = devices;
  return next;
}

function revokeDevice(next: Mutable<IdentityState>, deviceId: Uint8Array, body: IdentityBody): Mutable<IdentityState> {
  const device = next.devices.get(keyOf(deviceId));
  if (!device || device.status !== 'trusted') throw chainError('BAD_CHAIN', body, 'revokes a device that is not trusted');
  const devices = new Map(next.devices);
  devices.set(keyOf(deviceId), { ...device, status: 'revoked', revokedAt: body.seq });
  next.devices = devices;
  if (trustedDevices(next).length === 0) throw chainError('BAD_CHAIN', body, 'would leave no trusted device');
  next.userKeyRotationDue = true;
  return next;
}

type RotateArgs = Extract<IdentityOp, { op: 'rotate-user-key' }>['args'];

function rotateUserKey(next: Mutable<IdentityState>, args: RotateArgs, body: IdentityBody): Mutable<IdentityState> {
  if (args.generation !== next.userKey.generation + 1) {
    throw chainError('BAD_CHAIN', body, `user-key generation must be ${next.userKey.generation + 1}`);
  }
  useFresh(next, [args.userKey], body);
  const expected = new Set(trustedDevices(next).map((device) => `device:${keyOf(device.deviceId)}`));
  if (next.recoveryKey !== null) expected.add(`recovery:${keyOf(next.recoveryKey.signingKey)}`);
  const named = args.seals.map((seal) => `${seal.to}:${keyOf(seal.id)}`);
  const exact = named.length === expected.size && new Set(named).size === named.length && named.every((n) => expected.has(n));
  if (!exact) {
    throw chainError('BAD_CHAIN', body, 'seals must name exactly the trusted devices and the recovery key');
  }
  const record: UserKeyRecord = { generation: args.generation, publicKey: args.userKey, setAt: body.seq };
  next.userKey = record;
  next.userKeyHistory = [...next.userKeyHistory, record];
  next.userKeyRotationDue = false;
  return next;
}
