import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it, vi } from 'vitest';
import { entryHash } from '../../../shared/chains/entry';
import { deviceTrustedAt, validateIdentityChain } from '../../../shared/chains/identity-chain';
import { TestIdentity } from '../../../shared/chains/test-fixtures';
import { NewDeviceRelayExchange } from '../../../shared/devices/new-exchange';
import type { PairingMailbox } from '../../../shared/devices/pairing-exchange';
import { decodeMessage } from '../../../shared/pairing/messages';
import { decodeInvite } from '../../../shared/pairing/invite';
import type { TrustedPairingState } from '../../../shared/pairing/trusted-side';
import { VaultError } from '../../../shared/protocol/errors';
import type { RelayedPairingMessage } from '../../../shared/protocol/client/pairing-relay';
import type { PairingAccess } from '../sync/sync-service';
import { AUTHENTICATOR_A, AUTHENTICATOR_B } from '../../../shared/vault/vectors/passkey-prf-chromium';
import { pairingPolicy } from '../vault/pairing-policy';
import { passkeyService } from '../vault/passkey-service';
import { memorySessionStore, memoryVaultStore } from '../vault/testing/memory-stores';
import { vaultSession } from '../vault/vault-session';
import { pairingService, type PairingServiceDeps } from './pairing-service';
import { decodeSnapshot, encodeSnapshot } from './session-snapshots';

const SERVER = 'https://vault.example.com';
const PASSWORD = 'correct horse';

/** One invite's mailbox, shared by both sides, in memory. */
function memoryMailbox() {
  const messages: RelayedPairingMessage[] = [];
  let closed = false;
  let wake: () => void = () => {};
  const mailbox: PairingMailbox = {
    async post(bytes) {
      if (closed) throw new VaultError('CONFLICT', 'closed');
      messages.push({ seq: messages.length + 1, step: decodeMessage(bytes).step, bytes });
      wake();
      return messages.length;
    },
    async read(after) {
      if (messages.length <= after && !closed) await new Promise<void>((resolve) => ((wake = resolve), setTimeout(resolve, 20)));
      return { messages: messages.slice(after), closed };
    },
    async close() {
      closed = true;
      wake();
    },
  };
  return { mailbox, isClosed: () => closed };
}

function scene(options: { conflicts?: number; secondFactor?: PairingServiceDeps['secondFactor'] } = {}) {
  const alice = new TestIdentity();
  const entries = [...alice.entries];
  let conflicts = options.conflicts ?? 0;
  const transport = {
    identityChain: vi.fn(async () => ({ entries: [...entries], head: entryHash(entries[entries.length - 1] as Uint8Array) })),
    appendIdentityEntry: vi.fn(async (_identity: Uint8Array, entry: Uint8Array, prev: Uint8Array) => {
      if (conflicts-- > 0) throw new VaultError('CONFLICT', 'another entry won');
      expect(prev).toEqual(entryHash(entries[entries.length - 1] as Uint8Array));
      entries.push(entry);
      return { seq: entries.length - 1, head: entryHash(entry) };
    }),
  };
  const access: PairingAccess = {
    server: SERVER,
    identity: alice.id,
    deviceId: alice.first.deviceId,
    seed: alice.first.signing.seed,
    transport: transport as unknown as PairingAccess['transport'],
    userKeyOf: (g) => (g === alice.state.userKey.generation ? { generation: g, privateKey: alice.userKey.privateKey, publicKey: alice.userKey.publicKey } : undefined),
    collections: [],
  };
  const box = memoryMailbox();
  const saved: TrustedPairingState[] = [];
  let cleared = 0;
  const service = pairingService({
    confirmPassword: async (password) => {
      if (password !== PASSWORD) throw new VaultError('WRONG_PASSWORD', 'wrong');
    },
    access: async () => access,
    relay: () => box.mailbox,
    snapshots: { save: async (s) => void saved.push(s), clear: async () => void cleared++ },
    clock: Date,
    pollSeconds: 1,
    ...(options.secondFactor === undefined ? {} : { secondFactor: options.secondFactor }),
  });
  const newDevice = (text: string) => NewDeviceRelayExchange.start(text, () => box.mailbox, { clock: Date, pollSeconds: 1 });
  return { alice, entries, transport, service, saved, cleared: () => cleared, newDevice, isClosed: box.isClosed };
}

async function untilPick(service: ReturnType<typeof scene>['service']) {
  await vi.waitFor(async () => expect((await service.status()).phase).toBe('pick'), { timeout: 5000 });
  return service.status();
}

describe('pairing service (trusted side)', () => {
  it('refuses a wrong master password and makes no invite', async () => {
    const s = scene();
    await expect(s.service.begin('guess')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(await s.service.status()).toEqual({ phase: 'none' });
    expect(s.saved).toHaveLength(0);
    expect(s.transport.identityChain).not.toHaveBeenCalled();
  });

  it("makes an invite for the account's server and identity, shows the new device's code among three, appends add-device on the right pick", async () => {
    const s = scene();
    const begun = await s.service.begin(PASSWORD);
    expect(begun.phase).toBe('waiting');
    const invite = decodeInvite(begun.invite ?? '');
    expect(invite.server).toBe(SERVER);
    expect(invite.fingerprint).toEqual(s.alice.id);
    expect(s.saved[0]?.invite.secret).toEqual(invite.secret);

    const b = await s.newDevice(begun.invite ?? '');
    const sas = await b.sas();
    const status = await untilPick(s.service);
    expect(status.candidates).toHaveLength(3);
    expect(status.candidates).toContain(sas);
    const approval = b.approval();
    expect(await s.service.choose(sas)).toEqual({ phase: 'done' });
    const joined = await approval;
    const chain = validateIdentityChain(s.entries, s.alice.id);
    expect(deviceTrustedAt(chain, joined.device.deviceId, chain.length - 1)).toBeDefined();
    expect(s.cleared()).toBeGreaterThan(0);
  });

  it('approves again on the new head after a compare-and-swap CONFLICT', async () => {
    const s = scene({ conflicts: 1 });
    const begun = await s.service.begin(PASSWORD);
    const b = await s.newDevice(begun.invite ?? '');
    const sas = await b.sas();
    await untilPick(s.service);
    const approval = b.approval();
    expect((await s.service.choose(sas)).phase).toBe('done');
    await approval;
    expect(s.transport.appendIdentityEntry).toHaveBeenCalledTimes(2);
    expect(s.entries).toHaveLength(s.alice.entries.length + 1);
  });

  it('a wrong pick adds no device and closes the invite', async () => {
    const s = scene();
    const begun = await s.service.begin(PASSWORD);
    const b = await s.newDevice(begun.invite ?? '');
    const sas = await b.sas();
    const { candidates } = await untilPick(s.service);
    const decoy = candidates?.find((c) => c !== sas) ?? '';
    const after = await s.service.choose(decoy);
    expect(after.phase).toBe('failed');
    expect(after.error?.code).toBe('BAD_INPUT');
    expect(after.invite).toBeUndefined();
    expect(s.transport.appendIdentityEntry).not.toHaveBeenCalled();
    expect(s.isClosed()).toBe(true);
  });

  it('"None of these" cancels: the mailbox closes, the snapshot goes, a later pick is refused', async () => {
    const s = scene();
    const begun = await s.service.begin(PASSWORD);
    const b = await s.newDevice(begun.invite ?? '');
    await b.sas();
    await untilPick(s.service);
    expect((await s.service.cancel()).phase).toBe('cancelled');
    expect(s.isClosed()).toBe(true);
    expect(s.cleared()).toBeGreaterThan(0);
    await expect(s.service.choose('123456')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(s.transport.appendIdentityEntry).not.toHaveBeenCalled();
  });

  it('keeps the snapshot bytes exactly through the session-storage encoding', async () => {
    const s = scene();
    await s.service.begin(PASSWORD);
    const state = s.saved[0] as TrustedPairingState;
    const stored = JSON.parse(JSON.stringify(encodeSnapshot(state))) as unknown;
    expect(decodeSnapshot(stored)).toEqual(state);
    await s.service.cancel();
  });
});

// With "Require a passkey to approve new devices" on: the worker's real policy over a real vault
// session, PRF outputs recorded from Chromium's virtual authenticator.
const VAULT_MASTER = 'a long enough master password';
const proofA = () => ({ credentialId: AUTHENTICATOR_A.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_A.prfOutputHex) });
const forgedA = () => ({ credentialId: AUTHENTICATOR_A.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_B.prfOutputHex) });

async function policyOn() {
  const store = memoryVaultStore();
  const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
  const vault = vaultSession({ store, session: memorySessionStore(), now: Date.now, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const policy = pairingPolicy({ store, vault, now: Date.now });
  const passkeys = passkeyService({ store, vault, now: Date.now, policy });
  await vault.create(VAULT_MASTER);
  await passkeys.beginAdd(VAULT_MASTER);
  await passkeys.finishAdd(AUTHENTICATOR_A.credentialId, proofA().prfOutput, 'Laptop');
  await policy.set(true, proofA());
  return policy;
}

async function atPasskeyStep(s: ReturnType<typeof scene>) {
  const begun = await s.service.begin('correct horse');
  const b = await s.newDevice(begun.invite ?? '');
  const sas = await b.sas();
  await vi.waitFor(async () => expect((await s.service.status()).phase).toBe('pick'), { timeout: 5000 });
  const approval = b.approval();
  approval.catch(() => undefined);
  const picked = await s.service.choose(sas);
  return { picked, approval };
}

describe('pairing service with a passkey as second factor', () => {
  it('waits for the passkey after the right pick, then appends add-device once its PRF output checks out', async () => {
    const s = scene({ secondFactor: await policyOn() });
    const { picked, approval } = await atPasskeyStep(s);
    expect(picked.phase).toBe('passkey');
    expect(picked.invite).toBeUndefined();
    expect(s.transport.appendIdentityEntry).not.toHaveBeenCalled();
    expect((await s.service.approveWithPasskey(proofA())).phase).toBe('done');
    const joined = await approval;
    const chain = validateIdentityChain(s.entries, s.alice.id);
    expect(deviceTrustedAt(chain, joined.device.deviceId, chain.length - 1)).toBeDefined();
  });

  it("refuses another authenticator's PRF output: the invite ends, nothing is appended, the new device is told", async () => {
    const s = scene({ secondFactor: await policyOn() });
    const { approval } = await atPasskeyStep(s);
    const after = await s.service.approveWithPasskey(forgedA());
    expect(after).toMatchObject({ phase: 'failed', error: { code: 'WRONG_PASSKEY' } });
    expect(s.transport.appendIdentityEntry).not.toHaveBeenCalled();
    expect(s.entries).toHaveLength(s.alice.entries.length);
    expect(s.isClosed()).toBe(true);
    await expect(approval).rejects.toBeDefined();
    await expect(s.service.approveWithPasskey(proofA())).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(s.transport.appendIdentityEntry).not.toHaveBeenCalled();
  });

  it('refuses a passkey approval when no device waits for one, and approves without a passkey when the policy is off', async () => {
    const policy = await policyOn();
    const s = scene({ secondFactor: policy });
    await expect(s.service.approveWithPasskey(proofA())).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await policy.set(false, proofA());
    const { picked, approval } = await atPasskeyStep(s);
    expect(picked.phase).toBe('done');
    await approval;
    expect(s.transport.appendIdentityEntry).toHaveBeenCalledTimes(1);
  });
});
