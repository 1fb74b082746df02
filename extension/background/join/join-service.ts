/**
 * The new device's side of pairing in the worker (DESIGN.md §7, docs/pairing.md §19): one join at a
 * time, for a browser with no vault (refused otherwise: never merge).
 *
 *   inspect(invite text) → what it names (fingerprint, server), nothing sent
 *   start(invite text)   → NewDeviceRelayExchange: fresh device keys, hello posted → "connecting"
 *                        → the offer: "code" (the SAS the person picks on the other device)
 *                        → the approval (checked, user key opened): "approved"
 *   finish(password)     → "finishing" (join-vault.ts: keys, first sync, pins, one-transaction write)
 *                        → "done", the vault unlocked
 *
 * Nothing is stored in the vault database before the join completes. The exchange itself (device
 * keys, k) lives in worker memory; only a marker goes to chrome.storage.session while it runs, so a
 * restarted worker says "interrupted: start again on your other device" instead of hanging (the
 * invite's mailbox still holds the hello of keys now lost). Once approved, the JoinedDevice (device
 * keys, user key, pins: secrets) is kept in chrome.storage.session (memory only, trusted contexts
 * only) until the vault is written, so a restart there only asks for the password again: the
 * add-device entry is already on the server and a second exchange would add a second device.
 * Refuses: VAULT_EXISTS, the invite's codes (BAD_ENCODING, UNKNOWN_VERSION), WEAK_PASSWORD,
 * BAD_INPUT (a step not expected now); exchange and write failures end in phase "failed" with a code.
 */
import { NewDeviceRelayExchange } from '../../../shared/devices/new-exchange';
import type { PairingMailbox } from '../../../shared/devices/pairing-exchange';
import { fingerprintText } from '../../../shared/pairing/fingerprint-text';
import { decodeInvite } from '../../../shared/pairing/invite';
import type { JoinedDevice } from '../../../shared/pairing/new-side';
import { VaultError } from '../../../shared/protocol/errors';
import type { JoinStatusView } from '../../../shared/protocol/join-messages';
import { JOIN_STEPS, type JoinProgress } from './join-vault';

/** What survives a worker restart (chrome.storage.session). */
export type JoinSnapshot =
  | { readonly phase: 'exchange'; readonly fingerprint: string; readonly server: string }
  | { readonly phase: 'approved'; readonly fingerprint: string; readonly server: string; readonly joined: JoinedDevice };

export interface JoinServiceDeps {
  vaultExists(): Promise<boolean>;
  relay(server: string, inviteId: Uint8Array): PairingMailbox;
  snapshots: { save(snapshot: JoinSnapshot): Promise<void>; load(): Promise<JoinSnapshot | null>; clear(): Promise<void> };
  /** A reason when a new master password is too weak, else null (password-policy.ts). */
  masterPasswordProblem(password: string): string | null;
  /** join-vault.ts `writeJoinedVault` with its ports. */
  write(joined: JoinedDevice, password: string, progress: JoinProgress): Promise<void>;
  clock: { now(): number };
  pollSeconds?: number;
}

interface Current {
  phase: JoinStatusView['phase'];
  fingerprint?: string;
  server?: string;
  exchange?: NewDeviceRelayExchange;
  code?: string;
  joined?: JoinedDevice;
  progress?: { step: number; of: number; label: string };
  refused: number;
  error?: { code: string; message: string };
}

/** Failures worth another try with the same approval (the add-device entry is on the server already). */
const RETRYABLE = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'FORBIDDEN_SENDER', 'INTERNAL']);

function errorOf(error: unknown): { code: string; message: string } {
  if (error instanceof VaultError) return { code: error.code, message: error.message.slice(0, 500) };
  return { code: 'INTERNAL', message: 'internal error' };
}

export function joinService(deps: JoinServiceDeps) {
  let current: Current | null = null;
  let restored = false;

  function view(): JoinStatusView {
    const c = current;
    if (c === null) return { phase: 'none' };
    return {
      phase: c.phase,
      ...(c.fingerprint !== undefined ? { fingerprint: c.fingerprint } : {}),
      ...(c.server !== undefined ? { server: c.server } : {}),
      ...(c.phase === 'code' && c.code !== undefined ? { code: c.code } : {}),
      ...(c.phase === 'finishing' && c.progress !== undefined ? { progress: c.progress } : {}),
      ...(c.refused > 0 ? { refused: c.refused } : {}),
      ...(c.error !== undefined ? { error: c.error } : {}),
    };
  }

  async function refuseWithVault(): Promise<void> {
    if (await deps.vaultExists()) throw new VaultError('VAULT_EXISTS', 'this browser already has a vault: joining another one would merge them');
  }

  async function fail(c: Current, error: unknown): Promise<void> {
    if (current !== c) return;
    c.phase = 'failed';
    c.error = errorOf(error);
    c.joined = undefined;
    c.exchange = undefined;
    await deps.snapshots.clear();
  }

  /** After a worker restart: what the session storage says was going on. */
  async function restore(): Promise<void> {
    if (restored) return;
    restored = true;
    if (current !== null) return;
    const snapshot = await deps.snapshots.load().catch(() => null);
    if (snapshot === null) return;
    const { fingerprint, server } = snapshot;
    if (snapshot.phase === 'approved') {
      current = { phase: 'approved', fingerprint, server, joined: snapshot.joined, refused: 0 };
      return;
    }
    current = { phase: 'interrupted', fingerprint, server, refused: 0 };
    await deps.snapshots.clear();
  }

  function run(c: Current, exchange: NewDeviceRelayExchange): void {
    void (async () => {
      const code = await exchange.sas();
      if (current !== c) return;
      c.code = code;
      c.phase = 'code';
      const joined = await exchange.approval();
      if (current !== c) return;
      c.joined = joined;
      c.exchange = undefined;
      c.phase = 'approved';
      await deps.snapshots.save({ phase: 'approved', fingerprint: c.fingerprint ?? '', server: c.server ?? '', joined });
    })().catch((error: unknown) => fail(c, error));
  }

  async function cancel(): Promise<JoinStatusView> {
    await restore();
    const c = current;
    if (c?.phase === 'finishing') throw new VaultError('BAD_INPUT', 'the vault is being written: wait for it to finish');
    current = null;
    await deps.snapshots.clear();
    await c?.exchange?.cancel().catch(() => undefined);
    return view();
  }

  return {
    async inspect(text: string): Promise<{ fingerprint: string; server: string }> {
      await refuseWithVault();
      const invite = decodeInvite(text);
      return { fingerprint: fingerprintText(invite.fingerprint), server: invite.server };
    },

    async start(text: string): Promise<JoinStatusView> {
      await restore();
      await refuseWithVault();
      const invite = decodeInvite(text);
      if (current !== null && current.phase !== 'failed' && current.phase !== 'interrupted' && current.phase !== 'done') await cancel();
      const c: Current = { phase: 'connecting', fingerprint: fingerprintText(invite.fingerprint), server: invite.server, refused: 0 };
      current = c;
      await deps.snapshots.save({ phase: 'exchange', fingerprint: c.fingerprint ?? '', server: invite.server });
      try {
        c.exchange = await NewDeviceRelayExchange.start(invite, (i) => deps.relay(i.server, i.inviteId), {
          clock: deps.clock,
          pollSeconds: deps.pollSeconds ?? 5,
          onRefused: () => void (c.refused += 1),
        });
      } catch (error) {
        await fail(c, error);
        return view();
      }
      if (current === c) run(c, c.exchange);
      return view();
    },

    async status(): Promise<JoinStatusView> {
      await restore();
      return view();
    },

    async finish(password: string): Promise<JoinStatusView> {
      await restore();
      const c = current;
      const joined = c?.joined;
      if (c === null || c.phase !== 'approved' || joined === undefined) throw new VaultError('BAD_INPUT', 'there is no approved join to finish');
      const problem = deps.masterPasswordProblem(password);
      if (problem !== null) throw new VaultError('WEAK_PASSWORD', problem);
      await refuseWithVault();
      c.phase = 'finishing';
      c.error = undefined;
      c.progress = { step: 1, of: JOIN_STEPS, label: 'Starting' };
      void deps
        .write(joined, password, (step, label) => {
          if (current === c) c.progress = { step, of: JOIN_STEPS, label };
        })
        .then(
          async () => {
            if (current !== c) return;
            c.phase = 'done';
            c.joined = undefined;
            await deps.snapshots.clear();
          },
          async (error: unknown) => {
            if (current !== c) return;
            if (error instanceof VaultError && RETRYABLE.has(error.code)) {
              c.phase = 'approved';
              c.error = errorOf(error);
              return;
            }
            await fail(c, error);
          },
        );
      return view();
    },

    cancel,
  };
}

export type JoinService = ReturnType<typeof joinService>;
