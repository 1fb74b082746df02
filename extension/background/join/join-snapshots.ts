/**
 * The join's snapshot in chrome.storage.session (memory only, trusted extension contexts only):
 * while the exchange runs, only a marker; once approved, the JoinedDevice, which holds this
 * device's private keys and the user key, so it never goes to disk and is removed as soon as the
 * vault is written or the join ends. Byte arrays are stored as base64url (storage is JSON).
 */
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import type { JoinSnapshot } from './join-service';

const KEY = 'pairing-new';

function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: toBase64url(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (typeof value === 'object' && value !== null) {
    const bytes = (value as { $bytes?: unknown }).$bytes;
    if (typeof bytes === 'string' && Object.keys(value).length === 1) return fromBase64url(bytes);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

export function encodeJoinSnapshot(snapshot: JoinSnapshot): unknown {
  return encode(snapshot);
}

/** The stored snapshot, or null when there is none or it is not one this version wrote. */
export function decodeJoinSnapshot(stored: unknown): JoinSnapshot | null {
  const value = decode(stored) as Partial<JoinSnapshot> | undefined;
  if (typeof value !== 'object' || value === null || typeof value.fingerprint !== 'string' || typeof value.server !== 'string') return null;
  if (value.phase === 'exchange') return value as JoinSnapshot;
  if (value.phase === 'approved' && typeof value.joined === 'object' && value.joined !== null) return value as JoinSnapshot;
  return null;
}

export function chromeJoinSnapshots() {
  return {
    save: (snapshot: JoinSnapshot) => chrome.storage.session.set({ [KEY]: encodeJoinSnapshot(snapshot) }),
    load: async () => decodeJoinSnapshot((await chrome.storage.session.get(KEY))[KEY]),
    clear: () => chrome.storage.session.remove(KEY),
  };
}
