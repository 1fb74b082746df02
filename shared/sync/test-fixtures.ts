/**
 * Test fixtures for batches and log verification: devices with real Ed25519 keys, a collection log
 * that chains heads like the server, and a trust resolver over a scripted chain history (which device
 * is trusted between which identity chain entries, which epochs are retired). Crypto is never mocked;
 * only the chain history is scripted, so these tests do not depend on shared/chains internals.
 */
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { generateSigningKeyPair, type SigningKeyPair } from '../crypto/ed25519';
import { sha256 } from '../crypto/hash';
import { randomBytes } from '../crypto/random';
import { type BatchFields, type BatchRecord, signBatch, ZERO_HASH } from './batch';
import { GENESIS_HEAD, nextHead } from './log-head';
import type { ChainAt, LogEntry, TrustResolver } from './verify-batch';

/** The scripted hash of entry `seq` of a chain: stands in for a real chain's entry hash. */
export function chainHash(chain: string, id: Uint8Array, seq: number): Uint8Array {
  return sha256(concatBytes(new TextEncoder().encode(`${chain}:${seq}:`), id));
}

/** A device of an identity, trusted from identity entry `addedAt` until `revokedAt` (exclusive). */
export class TestWriter {
  readonly keys: SigningKeyPair = generateSigningKeyPair();
  readonly device: Uint8Array = randomBytes(16);
  counter = 0;
  prev: Uint8Array = ZERO_HASH;
  identitySeq: number;
  revokedAt: number | null = null;

  constructor(
    readonly identity: Uint8Array,
    readonly addedAt = 0,
  ) {
    this.identitySeq = addedAt;
  }

  /** Sign this device's next batch in `log`; `patch` overrides fields after the defaults. */
  next(log: TestLog, patch: Partial<BatchFields> = {}): Uint8Array {
    const fields: BatchFields = {
      identity: this.identity,
      collection: log.collection,
      epoch: 1,
      device: this.device,
      signer: this.keys.publicKey,
      counter: this.counter + 1,
      prev: this.prev,
      seen: { seq: log.seq, head: log.head },
      chains: {
        identity: { seq: this.identitySeq, head: chainHash('identity', this.identity, this.identitySeq) },
        collection: { seq: 0, head: chainHash('collection', log.collection, 0) },
      },
      records: [sampleRecord()],
      ...patch,
    };
    const { bytes, batchId } = signBatch(fields, this.keys.seed);
    this.counter = fields.counter;
    this.prev = batchId;
    return bytes;
  }
}

/** A record whose sealed box is random bytes of a padded size (batch tests do not open records). */
export function sampleRecord(): BatchRecord {
  return { kind: 'item', item: randomBytes(16), rev: 1, hlc: { wall: 1_700_000_000_000, counter: 0 }, sealed: randomBytes(256 + 40) };
}

/** A collection log as an honest server keeps it: seq assigned in order, heads chained. */
export class TestLog {
  constructor(readonly collection: Uint8Array = randomBytes(16)) {}

  readonly entries: LogEntry[] = [];
  head: Uint8Array = GENESIS_HEAD;

  get seq(): number {
    return this.entries.length;
  }

  append(batch: Uint8Array): LogEntry {
    const entry = { seq: this.entries.length + 1, batch };
    this.entries.push(entry);
    this.head = nextHead(this.head, sha256(batch));
    return entry;
  }

  claimed(): { seq: number; head: Uint8Array } {
    return { seq: this.seq, head: this.head };
  }
}

/** A resolver over scripted chains: identity chains as long as `identityLength`, writers by device. */
export class TestWorld implements TrustResolver {
  readonly writers = new Map<string, TestWriter>();
  readonly retired = new Set<number>();
  identityLength = 10;
  collectionLength = 5;

  add(writer: TestWriter): TestWriter {
    this.writers.set(bytesToHex(writer.device), writer);
    return writer;
  }

  chainHead(chain: 'identity' | 'collection', id: Uint8Array, seq: number): Uint8Array | null {
    const length = chain === 'identity' ? this.identityLength : this.collectionLength;
    return seq < length ? chainHash(chain, id, seq) : null;
  }

  deviceKey(identity: Uint8Array, device: Uint8Array, at: ChainAt): Uint8Array | null {
    const writer = this.writers.get(bytesToHex(device));
    if (writer === undefined || bytesToHex(writer.identity) !== bytesToHex(identity)) return null;
    if (at.identitySeq < writer.addedAt) return null;
    if (writer.revokedAt !== null && at.identitySeq >= writer.revokedAt) return null;
    return writer.keys.publicKey;
  }

  epochRetired(_collection: Uint8Array, epoch: number): boolean {
    return this.retired.has(epoch);
  }
}
