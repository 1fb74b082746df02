/**
 * The sync benchmarks' vault: generated logins (the same shape as the vault and import benchmarks),
 * a signing device, and one-item batches built the way the extension and the sync engine build them
 * (DESIGN.md §6): an edit applied to the item (shared/vault/edit-item.ts), its field-level diff
 * (extension/background/sync/item-state.ts) as a delta merge state (shared/sync/item-merge.ts),
 * encoded, padded and sealed as a record (shared/sync/engine/outgoing-records.ts), signed into the
 * device's next batch (shared/sync/outgoing-batch.ts). Real keys and real crypto; nothing is mocked.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { generateSigningKeyPair } from '../../shared/crypto/ed25519';
import { randomBytes } from '../../shared/crypto/random';
import { itemDelta, itemFields } from '../../extension/background/sync/item-state';
import { ZERO_HASH, type BatchRecord, type Position } from '../../shared/sync/batch';
import { sealDelta } from '../../shared/sync/engine/outgoing-records';
import type { Hlc } from '../../shared/sync/hlc';
import { edit, EMPTY_STATE, type MergeState } from '../../shared/sync/item-merge';
import { makeNextBatch, type BatchAuthor, type OwnRun } from '../../shared/sync/outgoing-batch';
import type { RecordContext } from '../../shared/sync/record-crypto';
import { applyEdit, createItem } from '../../shared/vault/edit-item';
import type { Item, ItemDraft } from '../../shared/vault/item-types';

export const VAULT_ITEMS = 10_000;

const SITES = ['shop', 'mail', 'code', 'bank', 'forum'];

/** Login `i`: a name, a username, a password, one URL, a note on every fourth, a tag on every tenth. */
export function loginDraft(i: number): ItemDraft {
  return {
    type: 'login',
    name: `${SITES[i % SITES.length]} account ${i}`,
    tags: i % 10 === 0 ? ['work'] : [],
    favourite: i % 50 === 0,
    notes: i % 4 === 0 ? `Note for entry ${i}\nsecond line` : '',
    customFields: [],
    username: `user${i}@example.com`,
    password: `pw-${i}-${bytesToHex(randomBytes(6))}`,
    urls: [{ url: `https://login.${SITES[i % SITES.length]}${i}.example/signin`, match: 'origin' }],
  } as ItemDraft;
}

export function generateLogins(count: number = VAULT_ITEMS): Item[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => createItem(loginDraft(i), now, randomBytes));
}

/** A device of its own identity, with a collection key of epoch 0 (the genesis epoch) for `collection`. */
export interface BenchDevice extends BatchAuthor {
  readonly collection: Uint8Array;
  readonly key: Uint8Array;
}

export function newBenchDevice(options: { identity?: Uint8Array; device?: Uint8Array; collection?: Uint8Array; key?: Uint8Array; seed?: Uint8Array; publicKey?: Uint8Array } = {}): BenchDevice {
  const keys = options.seed !== undefined && options.publicKey !== undefined ? { seed: options.seed, publicKey: options.publicKey } : generateSigningKeyPair();
  return {
    identity: options.identity ?? randomBytes(32),
    device: options.device ?? randomBytes(16),
    seed: keys.seed,
    publicKey: keys.publicKey,
    collection: options.collection ?? randomBytes(16),
    key: options.key ?? randomBytes(32),
  };
}

const stampOf = (device: BenchDevice, hlc: Hlc) => ({ ...hlc, device: bytesToHex(device.device) });

/** A new password for `item` at `hlc`: the edited item and the delta a device sends for it. */
export function passwordEdit(device: BenchDevice, hlc: Hlc, item: Item, password: string): { after: Item; delta: MergeState } {
  const after = applyEdit(item, { type: item.type, password } as ItemDraft, hlc.wall);
  return { after, delta: edit(EMPTY_STATE, itemDelta(item, after), stampOf(device, hlc)) };
}

/** The whole item as a delta (every field, one version each), as connecting a vault sends it. */
export function wholeItemState(device: BenchDevice, hlc: Hlc, item: Item): MergeState {
  return edit(EMPTY_STATE, itemFields(item), stampOf(device, hlc));
}

/** One sealed record of `delta` for item `itemId` by `device`. */
export function itemRecord(device: BenchDevice, itemId: string, delta: MergeState): BatchRecord {
  const context: RecordContext = { identity: device.identity, collection: device.collection, epoch: 0, key: device.key, author: device.device };
  return sealDelta(context, itemId, delta);
}

export interface ChainPositions {
  readonly identity: Position;
  readonly collection: Position;
}

/** Where a device stands: its own run, the log position it last pulled, the chain heads it holds. */
export interface DeviceCursor {
  run: OwnRun;
  seen: Position;
  chains: ChainPositions;
}

export function freshCursor(chains: ChainPositions = { identity: { seq: 0, head: randomBytes(32) }, collection: { seq: 0, head: randomBytes(32) } }): DeviceCursor {
  return { run: { counter: 0, prev: ZERO_HASH }, seen: { seq: 0, head: ZERO_HASH }, chains };
}

/** Sign the device's next batch carrying `records`, and advance its run. */
export function signNext(device: BenchDevice, cursor: DeviceCursor, records: BatchRecord[]): { bytes: Uint8Array; counter: number } {
  const made = makeNextBatch(device, cursor.run, { collection: device.collection, epoch: 0, seen: cursor.seen, chains: cursor.chains, records });
  cursor.run = made.run;
  return { bytes: made.bytes, counter: made.run.counter };
}
