import { describe, expect, it, vi } from 'vitest';
import { entryHash } from '../../../shared/chains/entry';
import { TestIdentity } from '../../../shared/chains/test-fixtures';
import type { PairingMailbox } from '../../../shared/devices/pairing-exchange';
import { decodeMessage } from '../../../shared/pairing/messages';
import { fingerprintText } from '../../../shared/pairing/fingerprint-text';
import type { JoinedDevice } from '../../../shared/pairing/new-side';
import type { RelayedPairingMessage } from '../../../shared/protocol/client/pairing-relay';
import { VaultError } from '../../../shared/protocol/errors';
import { pairingService } from '../pairing/pairing-service';
import type { PairingAccess } from '../sync/sync-service';
import { decodeJoinSnapshot, encodeJoinSnapshot } from './join-snapshots';
import { joinService, type JoinSnapshot } from './join-service';

const SERVER = 'https://vault.example.com';
const PASSWORD = 'correct horse';
const NEW_PASSWORD = 'harbor-Thistle-copper-58-meadow';

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
  return { mailbox, messages, isClosed: () => closed };
}

/** Session storage as JSON, like chrome.storage.session. */
function sessionSnapshots() {
  let stored: string | null = null;
  return {
    save: async (snapshot: JoinSnapshot) => void (stored = JSON.stringify(encodeJoinSnapshot(snapshot))),
    load: async () => (stored === null ? null : decodeJoinSnapshot(JSON.parse(stored))),
    clear: async () => void (stored = null),
    get raw() {
      return stored;
    },
  };
}

function scene(options: { vault?: boolean } = {}) {
  const alice = new TestIdentity();
  const entries = [...alice.entries];
  const transport = {
    identityChain: vi.fn(async () => ({ entries: [...entries], head: entryHash(entries[entries.length - 1] as Uint8Array) })),
    appendIdentityEntry: vi.fn(async (_identity: Uint8Array, entry: Uint8Array) => {
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
  const trusted = pairingService({
    confirmPassword: async () => {},
    access: async () => access,
    relay: () => box.mailbox,
    snapshots: { save: async () => {}, clear: async () => {} },
    clock: Date,
    pollSeconds: 1,
  });
  const snapshots = sessionSnapshots();
  const write = vi.fn(async (_joined: JoinedDevice, _password: string, progress: (step: number, label: string) => void) => {
    progress(3, 'Downloading and decrypting your items');
  });
  const deps = {
    vaultExists: async () => options.vault === true,
    relay: () => box.mailbox,
    snapshots,
    masterPasswordProblem: (password: string) => (password.length < 12 ? 'too short' : null),
    write,
    clock: Date,
    pollSeconds: 1,
  };
  return { alice, trusted, join: joinService(deps), deps, write, snapshots, messages: box.messages, isClosed: box.isClosed };
}

async function until(join: ReturnType<typeof joinService>, phase: string) {
  await vi.waitFor(async () => expect((await join.status()).phase).toBe(phase), { timeout: 5000 });
  return join.status();
}

/** Runs the exchange to "approved": the trusted side picks the code the join shows. */
async function approved(s: ReturnType<typeof scene>) {
  const invite = (await s.trusted.begin(PASSWORD)).invite ?? '';
  await s.join.start(invite);
  const { code } = await until(s.join, 'code');
  await vi.waitFor(async () => expect((await s.trusted.status()).phase).toBe('pick'), { timeout: 5000 });
  expect((await s.trusted.status()).candidates).toContain(code);
  expect((await s.trusted.choose(code ?? '')).phase).toBe('done');
  return until(s.join, 'approved');
}

describe('join service (new device)', () => {
  it('refuses to inspect or start an invite when this browser has a vault, and sends nothing', async () => {
    const s = scene({ vault: true });
    const invite = (await s.trusted.begin(PASSWORD)).invite ?? '';
    await expect(s.join.inspect(invite)).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    await expect(s.join.start(invite)).rejects.toMatchObject({ code: 'VAULT_EXISTS' });
    expect(s.messages).toEqual([]);
    await s.trusted.cancel();
  });

  it('shows what an invite names before anything is sent; a mistyped one is BAD_ENCODING', async () => {
    const s = scene();
    const invite = (await s.trusted.begin(PASSWORD)).invite ?? '';
    expect(await s.join.inspect(`  ${invite}\n`)).toEqual({ fingerprint: fingerprintText(s.alice.id), server: SERVER });
    const at = invite.length - 10;
    const mistyped = invite.slice(0, at) + (invite[at] === 'A' ? 'B' : 'A') + invite.slice(at + 1);
    await expect(s.join.inspect(mistyped)).rejects.toMatchObject({ code: 'BAD_ENCODING' });
    await expect(s.join.start(mistyped)).rejects.toMatchObject({ code: 'BAD_ENCODING' });
    expect(s.messages).toEqual([]);
    expect(s.snapshots.raw).toBeNull();
    await s.trusted.cancel();
  });

  it('shows the code the trusted device lists, then asks for a strong password and writes the vault with the approved keys', async () => {
    const s = scene();
    const status = await approved(s);
    expect(status).toMatchObject({ phase: 'approved', fingerprint: fingerprintText(s.alice.id), server: SERVER });
    expect(s.snapshots.raw).toContain('"approved"');
    await expect(s.join.finish('short')).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    expect(s.write).not.toHaveBeenCalled();
    expect((await s.join.finish(NEW_PASSWORD)).phase).toBe('finishing');
    await until(s.join, 'done');
    const [joined, password] = s.write.mock.calls[0] ?? [];
    expect(password).toBe(NEW_PASSWORD);
    expect(joined?.identity).toEqual(s.alice.id);
    expect(joined?.server).toBe(SERVER);
    expect(s.snapshots.raw).toBeNull();
  });

  it('after a worker restart mid-exchange says "interrupted"; after approval it only asks for the password again', async () => {
    const s = scene();
    const invite = (await s.trusted.begin(PASSWORD)).invite ?? '';
    await s.join.start(invite);
    await until(s.join, 'code');
    const restarted = joinService(s.deps);
    expect(await restarted.status()).toMatchObject({ phase: 'interrupted', fingerprint: fingerprintText(s.alice.id) });
    expect(s.snapshots.raw).toBeNull();
    await s.join.cancel();
    await s.trusted.cancel();

    const t = scene();
    await approved(t);
    const again = joinService(t.deps);
    expect((await again.status()).phase).toBe('approved');
    await again.finish(NEW_PASSWORD);
    await until(again, 'done');
    const [joined] = t.write.mock.calls[0] ?? [];
    expect(joined?.device.seed).toHaveLength(32);
    expect(joined?.userKey.privateKey).toEqual(t.alice.userKey.privateKey);
  });

  it('a network failure while writing keeps the approval for another try; a lying server ends the join', async () => {
    const s = scene();
    await approved(s);
    s.write.mockRejectedValueOnce(new VaultError('UNAVAILABLE', 'down'));
    await s.join.finish(NEW_PASSWORD);
    expect(await until(s.join, 'approved')).toMatchObject({ error: { code: 'UNAVAILABLE' } });
    s.write.mockRejectedValueOnce(new VaultError('FORK', 'another history'));
    await s.join.finish(NEW_PASSWORD);
    expect(await until(s.join, 'failed')).toMatchObject({ error: { code: 'FORK' } });
    expect(s.snapshots.raw).toBeNull();
    await expect(s.join.finish(NEW_PASSWORD)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it("cancel closes the invite's mailbox and forgets the exchange", async () => {
    const s = scene();
    const invite = (await s.trusted.begin(PASSWORD)).invite ?? '';
    await s.join.start(invite);
    await until(s.join, 'code');
    expect(await s.join.cancel()).toEqual({ phase: 'none' });
    expect(s.isClosed()).toBe(true);
    expect(s.snapshots.raw).toBeNull();
    await expect(s.join.finish(NEW_PASSWORD)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await s.trusted.cancel();
  });
});
