/**
 * State codes (DESIGN.md §6 "Freshness"): a short code two devices can compare by eye to know they
 * were shown the same history. It is the SHA-256 (FIPS 180-4) of the canonical CBOR (RFC 8949
 * §4.2.1)
 *   { kind: "state-code", v: 1, identity: {seq, head},
 *     logs: [ {collection, seq, head, chainSeq, chainHead} ]   (by collection id) }
 * i.e. this device's identity-chain head and, per collection, its pinned log position and
 * collection-chain head, cut to its first 40 bits and written as 8 characters of RFC 4648 §6
 * base32, grouped "ABCD-EFGH". Two devices that pinned the same heads show the same code; any
 * difference in what they verified shows a different code (a collision needs ~2^40 tries, and the
 * code is only a hint for a person: the checks themselves are the signatures and heads).
 *
 * The identity head is the longest one pinned among the collections given (they may have been
 * synced at different moments). A collection never pulled counts as seq 0 with zero heads.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { encodeVersioned } from '../../crypto/cbor-versioned';
import { sha256 } from '../../crypto/hash';
import { ZERO_HASH } from '../batch';
import type { CollectionSyncState } from './engine-state';

const POSITION = { map: { seq: 'uint', head: 'bytes' } } as const;
const SCHEMA = {
  kind: 'state-code',
  version: 1,
  fields: {
    identity: POSITION,
    logs: { list: { map: { collection: 'bytes', seq: 'uint', head: 'bytes', chainSeq: 'uint', chainHead: 'bytes' } } },
  },
} as const;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 of 5 bytes: 8 characters. */
function base32Of40Bits(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes.subarray(0, 5)) value = (value << 8n) | BigInt(byte);
  let out = '';
  for (let shift = 35n; shift >= 0n; shift -= 5n) out += BASE32[Number((value >> shift) & 31n)];
  return out;
}

const bytesOr = (hex: string | undefined) => (hex === undefined || hex === '' ? ZERO_HASH : hexToBytes(hex));

/** The state code over `states` (hex collection id → state, or undefined when never pulled). */
export function stateCodeOf(collections: readonly string[], states: ReadonlyMap<string, CollectionSyncState>): string {
  const summaries = [...states.values()].map((state) => state.summary).filter((summary) => summary !== null);
  const identity = summaries.reduce<{ seq: number; head: string } | null>((best, s) => (best === null || s.identity.seq > best.seq ? s.identity : best), null);
  const logs = [...new Set(collections)].sort().map((collection) => {
    const state = states.get(collection);
    return {
      collection: hexToBytes(collection),
      seq: state?.log.seq ?? 0,
      head: bytesOr(state?.log.heads[state.log.seq]),
      chainSeq: state?.summary?.collection.seq ?? 0,
      chainHead: bytesOr(state?.summary?.collection.head),
    };
  });
  const digest = sha256(encodeVersioned(SCHEMA, { identity: { seq: identity?.seq ?? 0, head: bytesOr(identity?.head) }, logs }));
  const code = base32Of40Bits(digest);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
