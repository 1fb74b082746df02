/**
 * The trust view's devices (DESIGN.md §5, §6 "Freshness", §9 "Audit"), built from the verified
 * identity chain and the heartbeats the server stores. Pure: the caller fetches the chain (validated
 * here again from its genesis against the identity id) and the heartbeat bytes.
 *
 * Per device: its id, key fingerprint, who approved it (a device by fingerprint, the recovery kit,
 * or nobody for the first device) and the time its add-device entry claims, the claimed time of its
 * revocation, its last heartbeat and the devices it enrolled. A heartbeat counts only when it is
 * validly signed ("heartbeat/v1") by the device's own key from the chain, names this identity and an
 * identity-chain entry this chain holds (same hash); its time is a claim, capped at our clock.
 * State: `revoked` after its revoke entry; `pending` when added but never heard from (no verified
 * heartbeat yet, e.g. a pairing that did not finish on the new device); `stale` when its last
 * heartbeat is older than 14 days (DESIGN.md §6 STALE); `trusted` otherwise.
 * Device names: each device seals its profile (name, platform) into its heartbeat
 * (shared/devices/device-profile.ts); the row shows the profile of the newest verified heartbeat
 * that carries one and opens with the reader's user keys, else null ("unnamed device").
 */
import { keyOf } from '../chains/chain-link';
import { decodeEntry, entryHash } from '../chains/entry';
import { devicesEnrolledBy, validateIdentityChain, type DeviceRecord, type IdentityState } from '../chains/identity-chain';
import { equalBytes } from '../crypto/constant-time';
import { keyFingerprint } from '../protocol/key-fingerprint';
import { decodeHeartbeat, heartbeatSignatureValid } from '../sync/heartbeat';
import { openProfile, type DeviceProfile } from './device-profile';

export const STALE_AFTER_MS = 14 * 24 * 3600 * 1000;

export type DeviceTrustState = 'trusted' | 'pending' | 'revoked' | 'stale';

export interface TrustedDeviceRow {
  readonly id: string;
  readonly fingerprint: string;
  readonly thisDevice: boolean;
  readonly state: DeviceTrustState;
  /** "device XXXX-XXXX-XXXX-XXXX", "the recovery kit", or null for the first device. */
  readonly approvedBy: string | null;
  /** Claimed times (ms) of its add-device (or genesis) and revoke-device entries. */
  readonly addedClaimedAt: number;
  readonly revokedClaimedAt: number | null;
  /** The newest verified heartbeat's claimed time (capped at now), or null. */
  readonly lastHeartbeat: number | null;
  /** Ids of the devices whose add-device this device signed. */
  readonly enrolled: readonly string[];
  /** Its name and platform from its newest heartbeat that carries an opening profile, or null. */
  readonly profile: DeviceProfile | null;
  /** The approving device's name, when that device's profile opens. */
  readonly approvedByName: string | null;
}

export interface TrustView {
  readonly state: IdentityState;
  readonly devices: readonly TrustedDeviceRow[];
}

interface HeardFrom {
  readonly time: number;
  readonly profile: { readonly bytes: Uint8Array; readonly time: number } | null;
}

/** The newest verified heartbeat time per device (hex id), and its newest sealed profile. */
function verifiedHeard(state: IdentityState, entries: readonly Uint8Array[], heartbeats: readonly Uint8Array[], now: number): Map<string, HeardFrom> {
  const last = new Map<string, HeardFrom>();
  for (const bytes of heartbeats) {
    let heartbeat;
    try {
      heartbeat = decodeHeartbeat(bytes);
    } catch {
      continue;
    }
    const { fields } = heartbeat;
    const device = state.devices.get(keyOf(fields.device));
    const entry = entries[fields.chain.seq];
    if (device === undefined || entry === undefined || !equalBytes(fields.identity, state.identityId)) continue;
    if (!equalBytes(fields.signer, device.signingKey) || !heartbeatSignatureValid(heartbeat)) continue;
    if (!equalBytes(entryHash(entry), fields.chain.head)) continue;
    const time = Math.min(fields.time, now);
    const held = last.get(keyOf(fields.device));
    const profile = fields.profile !== undefined && (held?.profile === null || held === undefined || held.profile.time <= time) ? { bytes: fields.profile, time } : (held?.profile ?? null);
    last.set(keyOf(fields.device), { time: Math.max(time, held?.time ?? 0), profile });
  }
  return last;
}

/** The newest verified heartbeat time per device (hex id). */
export function verifiedHeartbeats(state: IdentityState, entries: readonly Uint8Array[], heartbeats: readonly Uint8Array[], now: number): Map<string, number> {
  return new Map([...verifiedHeard(state, entries, heartbeats, now)].map(([id, heard]) => [id, heard.time]));
}

function approverOf(state: IdentityState, device: DeviceRecord): string | null {
  const by = device.approvedBy;
  if (by === null) return null;
  if (by.by === 'recovery') return 'the recovery kit';
  const approver = state.devices.get(keyOf(by.id));
  return approver === undefined ? 'an unknown device' : `device ${keyFingerprint(approver.signingKey)}`;
}

/**
 * The rows of the trust view, newest device last. `userKey(generation)` gives the reader's user
 * private key of a generation, to open device profiles (none open without it).
 */
export function buildTrustView(
  identity: Uint8Array,
  entries: readonly Uint8Array[],
  heartbeats: readonly Uint8Array[],
  thisDevice: Uint8Array,
  now: number,
  userKey: (generation: number) => Uint8Array | undefined = () => undefined,
): TrustView {
  const state = validateIdentityChain(entries, identity);
  const heardFrom = verifiedHeard(state, entries, heartbeats, now);
  const heard = new Map([...heardFrom].map(([id, h]) => [id, h.time]));
  const profiles = new Map<string, DeviceProfile | null>();
  for (const device of state.devices.values()) {
    const sealed = heardFrom.get(keyOf(device.deviceId))?.profile;
    profiles.set(keyOf(device.deviceId), sealed === undefined || sealed === null ? null : openProfile(sealed.bytes, { identity: state.identityId, device: device.deviceId }, userKey));
  }
  const timeAt = (seq: number | null) => (seq === null ? null : decodeEntry(entries[seq] ?? new Uint8Array()).body.time);
  const devices = [...state.devices.values()]
    .sort((a, b) => a.addedAt - b.addedAt)
    .map((device): TrustedDeviceRow => {
      const id = keyOf(device.deviceId);
      const lastHeartbeat = heard.get(id) ?? null;
      const self = equalBytes(device.deviceId, thisDevice);
      let trust: DeviceTrustState = 'trusted';
      if (device.status === 'revoked') trust = 'revoked';
      else if (lastHeartbeat === null && !self) trust = 'pending';
      else if (lastHeartbeat !== null && now - lastHeartbeat > STALE_AFTER_MS && !self) trust = 'stale';
      return {
        id,
        fingerprint: keyFingerprint(device.signingKey),
        thisDevice: self,
        state: trust,
        approvedBy: approverOf(state, device),
        addedClaimedAt: timeAt(device.addedAt) ?? 0,
        revokedClaimedAt: timeAt(device.revokedAt),
        lastHeartbeat,
        enrolled: devicesEnrolledBy(state, device.deviceId).map((d) => keyOf(d.deviceId)),
        profile: profiles.get(id) ?? null,
        approvedByName: device.approvedBy?.by === 'device' ? (profiles.get(keyOf(device.approvedBy.id))?.name ?? null) : null,
      };
    });
  return { state, devices };
}
