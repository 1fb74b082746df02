/**
 * Bytes on the wire for one changed item in a 10,000-item vault. Ours: the signed batch carrying
 * one record (a new password: the item's field-level delta merge state, encoded by the engine's
 * record-payload codec, padded and sealed), and the HTTP JSON body of
 * `POST /v1/collections/:id/batches` around it (shared/protocol/api/collections.ts, checked with
 * `appendBatchRequestSchema`). Baseline in the same run: whole-file sync, i.e. the KDBX 4 file of
 * the same 10,000 logins written by kdbxweb (gzip, Argon2id), which a file-syncing manager uploads
 * again after every change. Also shown: the first upload of the whole vault as batches (every
 * item's whole state, as connecting a vault sends it), measured on a sample of the items.
 */
import { toBase64url } from '../shared/crypto/base64url';
import { appendBatchRequestSchema } from '../shared/protocol/api/collections';
import { kdbx } from '../shared/vault/import/kdbx-engine';
import type { Item, LoginItem } from '../shared/vault/item-types';
import { signBatches } from '../shared/sync/engine/batch-split';
import { encodeDelta } from '../shared/sync/engine/record-payload';
import type { Benchmark } from './benchmark';
import {
  freshCursor,
  generateLogins,
  itemRecord,
  newBenchDevice,
  passwordEdit,
  signNext,
  VAULT_ITEMS,
  wholeItemState,
  type BenchDevice,
  type DeviceCursor,
} from './sync/vault-fixture';

const MASTER = 'orbit-lantern-Velvet-93-quarry';

/** The 10,000 logins as a KDBX 4 file (kdbxweb defaults: gzip; Argon2id instead of Argon2d). */
async function kdbxFile(items: readonly Item[]): Promise<number> {
  const k = kdbx();
  const db = k.Kdbx.create(new k.Credentials(k.ProtectedValue.fromString(MASTER)), 'Vault');
  db.setKdf(k.Consts.KdfId.Argon2id);
  const group = db.getDefaultGroup();
  for (const item of items as readonly LoginItem[]) {
    const entry = db.createEntry(group);
    entry.fields.set('Title', item.name);
    entry.fields.set('UserName', item.username);
    entry.fields.set('Password', k.ProtectedValue.fromString(item.password));
    entry.fields.set('URL', item.urls[0]?.url ?? '');
    entry.fields.set('Notes', item.notes);
    if (item.tags.length > 0) entry.tags = [...item.tags];
  }
  return (await db.save()).byteLength;
}

/** The JSON body a device sends for one batch. */
function appendBody(device: BenchDevice, batch: Uint8Array, counter: number): string {
  const body = { batch: toBase64url(batch), device: toBase64url(device.device), counter };
  return JSON.stringify(appendBatchRequestSchema.parse(body));
}

/** Every `FIRST_UPLOAD_SAMPLE`th item: the first upload is measured on this sample and scaled. */
const FIRST_UPLOAD_SAMPLE = 10;

/**
 * The vault's first upload (every item's whole state), signed into batches by the engine's own
 * splitter (batch-split.ts). Measured on every tenth item and scaled by ten: the items are alike,
 * and sealing 10,000 whole states would take most of this benchmark's time.
 */
function firstUpload(device: BenchDevice, items: readonly Item[]): { batches: number; batchBytes: number; bodyBytes: number } {
  const cursor: DeviceCursor = freshCursor();
  const hlc = { wall: Date.now(), counter: 0 };
  const sample = items.filter((_, i) => i % FIRST_UPLOAD_SAMPLE === 0);
  const changes = sample.map((item) => ({ itemId: item.id, record: itemRecord(device, item.id, wholeItemState(device, hlc, item)) }));
  const { batches } = signBatches(device, cursor.run, { collection: device.collection, epoch: 0, seen: cursor.seen, chains: cursor.chains }, changes);
  const batchBytes = batches.reduce((n, batch) => n + batch.bytes.length, 0);
  const bodyBytes = batches.reduce((n, batch) => n + appendBody(device, batch.bytes, batch.counter).length, 0);
  const scale = items.length / sample.length;
  return { batches: Math.ceil(batches.length * scale), batchBytes: batchBytes * scale, bodyBytes: bodyBytes * scale };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export const syncBytesBenchmark: Benchmark = {
  name: 'sync-bytes',
  description: `bytes on the wire for one changed item in a ${VAULT_ITEMS.toLocaleString('en')}-item vault, against whole-file (KDBX 4) sync`,
  async run(log) {
    const items = generateLogins();
    const started = performance.now();
    const kdbxBytes = await kdbxFile(items);
    const kdbxMs = performance.now() - started;
    const device = newBenchDevice();
    const cursor = freshCursor();
    cursor.seen = { seq: VAULT_ITEMS, head: cursor.seen.head };
    const hlc = { wall: Date.now(), counter: 0 };
    const edited = items[1234]!;
    const { delta } = passwordEdit(device, hlc, edited, 'a-new-password-Vq3#xL9!');
    const record = itemRecord(device, edited.id, delta);
    const { bytes, counter } = signNext(device, cursor, [record]);
    const bodyBytes = new TextEncoder().encode(appendBody(device, bytes, counter)).length;
    log(`KDBX 4 file, ${VAULT_ITEMS.toLocaleString('en')} logins   ${kdbxBytes} bytes (${kib(kdbxBytes)}, written in ${Math.round(kdbxMs)} ms)   baseline: whole-file sync uploads this per change`);
    log(`one changed item: delta (${Object.keys(delta.fields).join(', ')}) ${encodeDelta(delta).length} bytes, sealed record ${record.sealed.length} bytes, signed batch ${bytes.length} bytes`);
    log(`one changed item: HTTP JSON body ${bodyBytes} bytes   ${(bodyBytes / kdbxBytes).toFixed(5)}x of the KDBX file (${Math.round(kdbxBytes / bodyBytes)}x fewer bytes)`);
    const whole = encodeDelta(wholeItemState(device, hlc, edited)).length;
    const first = firstUpload(device, items);
    log(`first upload of the whole vault (measured on every ${FIRST_UPLOAD_SAMPLE}th item, x${FIRST_UPLOAD_SAMPLE}): ~${first.batches} batches, ${kib(first.batchBytes)} signed, ${kib(first.bodyBytes)} as JSON bodies   ${(first.bodyBytes / kdbxBytes).toFixed(2)}x of the KDBX file (a whole item's state is ${whole} bytes before padding)`);
  },
};
