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
import { pairingService } from './pairing-service';
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

function scene(options: { conflicts?: number } = {}) {
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
