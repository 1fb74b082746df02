/**
 * Heartbeats during a sync (DESIGN.md §6 "Freshness"):
 * - Sending: at most once per `heartbeatEveryMs` (default hourly) per device, counted over all of
 *   its collections, this device signs (heartbeat/v1) its identity-chain head and, per collection it
 *   has pinned, its own last counter the log holds and the pinned {seq, head}, and its sealed
 *   profile when `keys.profile` gives one (heartbeat body v2); the server keeps the newest one per device.
 *   A renamed device (`keys.profileChanged`) sends at its next sync, whatever the hour.
 * - Checking: the newest heartbeat of every device of each identity that may write the collection
 *   is verified (freshness.ts: BAD_SIGNATURE, UNTRUSTED_WRITER) and compared with the pinned log
 *   after pulling everything: another head at a seq we hold is FORK, a counter beyond the batches
 *   we hold is OMISSION, a position beyond ours says "pull again later" unless the server, asked
 *   once more, still serves nothing past our seq (then it withholds entries: OMISSION). Devices revoked in
 *   their identity chain and heartbeats naming a chain entry we have not pulled yet are skipped.
 * - Silence: every trusted peer device is remembered from first sight; one silent longer than
 *   `staleAfterMs` (default 14 days) is STALE. A heartbeat's time is the peer's claim, capped at
 *   our clock.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { trustedDevices } from '../../chains/identity-chain';
import { VaultError } from '../../protocol/errors';
import { checkFreshness, checkHeartbeatAgainstLog, verifyHeartbeat } from '../freshness';
import { decodeHeartbeat, type LogReport, signHeartbeat } from '../heartbeat';
import type { CollectionSyncState } from './engine-state';
import { writerIdentities, type TrustView } from './chain-pins';
import type { SyncSession } from './session';

/** This device's report about one collection: its counter the log holds and the pinned position. */
function reportOf(state: CollectionSyncState, device: string): LogReport {
  return {
    collection: hexToBytes(state.collection),
    counter: state.log.devices[device]?.counter ?? 0,
    seq: state.log.seq,
    head: hexToBytes(state.log.heads[state.log.seq] ?? ''),
  };
}

/** Every stored collection state, with this session's own (newer) state in place of its stored one. */
async function allStates(session: SyncSession): Promise<CollectionSyncState[]> {
  const { store } = session.ports;
  const others: CollectionSyncState[] = [];
  for (const collection of await store.list()) {
    if (collection === session.state.collection) continue;
    const state = await store.load(collection);
    if (state !== undefined) others.push(state);
  }
  return [session.state, ...others];
}

async function sendHeartbeat(session: SyncSession): Promise<void> {
  const { keys, env, transport } = session.ports;
  const summary = session.state.summary;
  if (summary === null) return;
  const states = await allStates(session);
  const lastSent = Math.max(...states.map((state) => state.heartbeatSentAt ?? -Infinity));
  const now = env.now();
  if (now - lastSent < session.options.heartbeatEveryMs && keys.profileChanged?.() !== true) return;
  const device = bytesToHex(keys.device);
  const profile = keys.profile?.();
  const bytes = signHeartbeat(
    {
      identity: keys.identity,
      device: keys.device,
      signer: keys.publicKey,
      time: Math.max(0, Math.floor(now)),
      chain: { seq: summary.identity.seq, head: hexToBytes(summary.identity.head) },
      logs: states.filter((state) => state.summary !== null).map((state) => reportOf(state, device)),
      ...(profile === undefined ? {} : { profile }),
    },
    keys.seed,
  );
  await transport.putHeartbeat(bytes);
  if (profile !== undefined) keys.profileSent?.();
  session.state = { ...session.state, heartbeatSentAt: now };
}

/** True when the heartbeat should be skipped: our own, a revoked device, or a chain entry not pulled yet. */
function skip(trust: TrustView, bytes: Uint8Array, own: string): boolean {
  let fields;
  try {
    fields = decodeHeartbeat(bytes).fields;
  } catch {
    return false;
  }
  if (bytesToHex(fields.device) === own) return true;
  const identity = trust.identities.get(bytesToHex(fields.identity));
  if (identity === undefined) return false;
  if (fields.chain.seq >= identity.length) return true;
  return identity.devices.get(bytesToHex(fields.device))?.status === 'revoked';
}

async function checkPeers(session: SyncSession, trust: TrustView): Promise<void> {
  const { keys, env, transport } = session.ports;
  const own = bytesToHex(keys.device);
  const now = env.now();
  const heard: Record<string, number> = {};
  const trusted = new Set<string>();
  const ahead: string[] = [];
  for (const identity of writerIdentities(trust)) {
    const chain = trust.identities.get(identity);
    if (chain !== undefined) for (const device of trustedDevices(chain)) trusted.add(bytesToHex(device.deviceId));
    for (const bytes of await transport.heartbeats(hexToBytes(identity))) {
      if (skip(trust, bytes, own)) continue;
      const heartbeat = verifyHeartbeat(bytes, session.state.log, trust.resolver, session.collection);
      const device = bytesToHex(heartbeat.fields.device);
      if (checkHeartbeatAgainstLog(session.state.log, heartbeat) === 'ahead') {
        ahead.push(device);
        noteAhead(session, heartbeat.fields.logs);
      }
      heard[device] = Math.max(heard[device] ?? 0, Math.min(heartbeat.fields.time, now));
    }
  }
  if (ahead.length > 0) await checkServedAhead(session, ahead);
  trusted.delete(own);
  const peers: Record<string, number> = {};
  for (const device of trusted) peers[device] = Math.max(session.state.peers[device] ?? now, heard[device] ?? 0);
  session.state = { ...session.state, peers };
  checkFreshness(peers, now, session.options.staleAfterMs);
}

/** The highest seq of this collection a verified peer heartbeat reports beyond ours (report.peersAhead). */
function noteAhead(session: SyncSession, logs: readonly { collection: Uint8Array; seq: number }[]): void {
  const own = session.state.collection;
  for (const log of logs) {
    if (bytesToHex(log.collection) !== own || log.seq <= session.state.log.seq) continue;
    session.counts.peersAhead = Math.max(session.counts.peersAhead ?? 0, log.seq);
  }
}

/**
 * A peer's signed heartbeat reports a log position beyond ours, though we just pulled everything
 * the server served. Ask once more: if the server still serves nothing past our seq, it withholds
 * entries a device says exist (OMISSION); if it serves more, they arrived meanwhile (pull later).
 */
async function checkServedAhead(session: SyncSession, devices: readonly string[]): Promise<void> {
  const page = await session.ports.transport.changes(session.collection, session.state.log.seq, 1);
  if (page.changes.length === 0) {
    throw new VaultError('OMISSION', `device ${devices[0]} reports log entries past seq ${session.state.log.seq} that the server does not serve`);
  }
}

/** Send this device's heartbeat when due, then check the peers' heartbeats and their silence. */
export async function exchangeHeartbeats(session: SyncSession, trust: TrustView): Promise<void> {
  await sendHeartbeat(session);
  await checkPeers(session, trust);
}
