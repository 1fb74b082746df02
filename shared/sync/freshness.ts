/**
 * Freshness checks against heartbeats (DESIGN.md §6 "Freshness"). Cryptography alone cannot catch a
 * server that keeps two devices apart forever (fork consistency is the best possible), so peers
 * compare what each device signed it had seen with what they verified themselves:
 * - BAD_SIGNATURE: the heartbeat does not decode or verify under its signer key;
 * - UNTRUSTED_WRITER: its signer is not a trusted device of its identity at the chain head it names
 *   (or that head is not one the client validated);
 * - FORK: the device verified a log position whose head is not in our history;
 * - OMISSION: the device's acknowledged counter here is beyond what we hold, although its log
 *   position is within ours (the server hides its newest batches from us);
 * - STALE: a device silent longer than the allowed window (`staleDevices`, `checkFreshness`).
 * A report from beyond our pinned seq says only "pull more" ('ahead'). Nothing here mutates input.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { decodeHeartbeat, type Heartbeat, heartbeatSignatureValid } from './heartbeat';
import type { PinnedLog } from './pinned-log';
import type { TrustResolver } from './verify-batch';

/** Decode and authenticate a heartbeat: signature, then its signer's trust at the head it names. */
export function verifyHeartbeat(bytes: Uint8Array, log: PinnedLog, resolver: TrustResolver, collection: Uint8Array): Heartbeat {
  let heartbeat: Heartbeat;
  try {
    heartbeat = decodeHeartbeat(bytes);
  } catch {
    throw new VaultError('BAD_SIGNATURE', 'not a validly signed heartbeat');
  }
  if (!heartbeatSignatureValid(heartbeat)) throw new VaultError('BAD_SIGNATURE', 'heartbeat signature does not verify');
  const { identity, device, signer, chain } = heartbeat.fields;
  const known = resolver.chainHead('identity', identity, chain.seq);
  if (known === null) throw new VaultError('UNTRUSTED_WRITER', `heartbeat names identity entry ${chain.seq}, not validated here`);
  if (!equalBytes(known, chain.head)) throw new VaultError('FORK', 'heartbeat names another identity chain');
  const identitySeq = Math.max(chain.seq, log.identityHigh[bytesToHex(identity)] ?? 0);
  const key = resolver.deviceKey(identity, device, { collection, identitySeq, collectionSeq: log.collectionHigh });
  if (key === null || !equalBytes(key, signer)) throw new VaultError('UNTRUSTED_WRITER', `heartbeat signer ${bytesToHex(device)} is not trusted`);
  return heartbeat;
}

/**
 * Compare a verified heartbeat with the pinned log: 'consistent', 'ahead' (pull more first), or
 * 'absent' (it says nothing about this collection); throws FORK or OMISSION.
 */
export function checkHeartbeatAgainstLog(log: PinnedLog, heartbeat: Heartbeat): 'consistent' | 'ahead' | 'absent' {
  const report = heartbeat.fields.logs.find((entry) => bytesToHex(entry.collection) === log.collection);
  if (report === undefined) return 'absent';
  if (report.seq > log.seq) return 'ahead';
  if (log.heads[report.seq] !== bytesToHex(report.head)) {
    throw new VaultError('FORK', `device ${bytesToHex(heartbeat.fields.device)} verified another log at seq ${report.seq}`);
  }
  const held = log.devices[bytesToHex(heartbeat.fields.device)]?.counter ?? 0;
  if (report.counter > held) {
    throw new VaultError('OMISSION', `device ${bytesToHex(heartbeat.fields.device)} reports batch ${report.counter}; we hold ${held}`);
  }
  return 'consistent';
}

/** A device silent too long: its hex id and the time of its last heartbeat. */
export interface Silence {
  readonly device: string;
  readonly since: number;
}

/** Devices (hex id → last heartbeat time) silent for more than `maxSilenceMs` at `now`. */
export function staleDevices(lastHeard: Readonly<Record<string, number>>, now: number, maxSilenceMs: number): Silence[] {
  return Object.entries(lastHeard)
    .filter(([, since]) => now - since > maxSilenceMs)
    .map(([device, since]) => ({ device, since }));
}

/** Throw STALE naming the first silent device and since when, if any. */
export function checkFreshness(lastHeard: Readonly<Record<string, number>>, now: number, maxSilenceMs: number): void {
  const [first] = staleDevices(lastHeard, now, maxSilenceMs);
  if (first) throw new VaultError('STALE', `device ${first.device} silent since ${new Date(first.since).toISOString()}`);
}
