/**
 * The TrustedPairing snapshot in chrome.storage.session (memory only, trusted extension contexts
 * only): it holds the invite secret, k and the device seed, so it never goes to disk, and it is
 * removed as soon as the invite ends. Byte arrays are stored as base64url (storage is JSON).
 */
import { fromBase64url, toBase64url } from '../../../shared/crypto/base64url';
import type { TrustedPairingState } from '../../../shared/pairing/trusted-side';
import type { PairingSnapshots } from './pairing-service';

const KEY = 'pairing-trusted';

function encode(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: toBase64url(value) };
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  return value;
}

export function decodeSnapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeSnapshot);
  if (typeof value === 'object' && value !== null) {
    const bytes = (value as { $bytes?: unknown }).$bytes;
    if (typeof bytes === 'string' && Object.keys(value).length === 1) return fromBase64url(bytes);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decodeSnapshot(v)]));
  }
  return value;
}

export function encodeSnapshot(state: TrustedPairingState): unknown {
  return encode(state);
}

export function chromeSessionSnapshots(): PairingSnapshots {
  return {
    save: (state) => chrome.storage.session.set({ [KEY]: encodeSnapshot(state) }),
    clear: () => chrome.storage.session.remove(KEY),
  };
}
