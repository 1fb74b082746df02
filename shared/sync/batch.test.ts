import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCanonical, encodeCanonical, type CborValue } from '../crypto/cbor';
import { generateSigningKeyPair } from '../crypto/ed25519';
import { sha256 } from '../crypto/hash';
import { randomBytes } from '../crypto/random';
import { type BatchFields, batchSignatureValid, decodeBatch, signBatch, ZERO_HASH } from './batch';
import { sampleRecord } from './test-fixtures';

const keys = generateSigningKeyPair();
const code = (c: string) => expect.objectContaining({ code: c });

function fields(patch: Partial<BatchFields> = {}): BatchFields {
  return {
    identity: randomBytes(32),
    collection: randomBytes(16),
    epoch: 3,
    device: randomBytes(16),
    signer: keys.publicKey,
    counter: 1,
    prev: ZERO_HASH,
    seen: { seq: 0, head: ZERO_HASH },
    chains: { identity: { seq: 2, head: randomBytes(32) }, collection: { seq: 1, head: randomBytes(32) } },
    records: [sampleRecord(), { ...sampleRecord(), kind: 'tombstone' }],
    ...patch,
  };
}

type CborMap = { [key: string]: CborValue };

/** Re-sign a body edited at the CBOR level, to test decoding rules under a valid signature. */
function reencode(bytes: Uint8Array, edit: (body: CborMap) => void, editEnvelope: (env: CborMap) => void = () => {}): Uint8Array {
  const envelope = decodeCanonical(bytes) as CborMap;
  const body = decodeCanonical(envelope.body as Uint8Array) as CborMap;
  edit(body);
  envelope.body = encodeCanonical(body);
  editEnvelope(envelope);
  return encodeCanonical(envelope);
}

describe('batch format', () => {
  it('round-trips: the signed envelope decodes to the same fields, batch id = SHA-256(bytes)', () => {
    const f = fields();
    const { bytes, batchId } = signBatch(f, keys.seed);
    expect(batchId).toEqual(sha256(bytes));
    const batch = decodeBatch(bytes);
    expect(batch.fields).toEqual(f);
    expect(batch.batchId).toEqual(batchId);
    expect(batchSignatureValid(batch)).toBe(true);
  });

  it('signs deterministically: the same fields give the same bytes (outbox resends byte for byte)', () => {
    const f = fields();
    expect(signBatch(f, keys.seed).bytes).toEqual(signBatch(f, keys.seed).bytes);
  });

  it('is signed under batch/v1 and by the signer key only', () => {
    const other = generateSigningKeyPair();
    const batch = decodeBatch(signBatch(fields(), other.seed).bytes);
    expect(batchSignatureValid(batch)).toBe(false);
  });

  it('refuses fields that would not decode when signing (BAD_INPUT)', () => {
    expect(() => signBatch(fields({ counter: 0 }), keys.seed)).toThrowError(code('BAD_INPUT'));
    expect(() => signBatch(fields({ device: randomBytes(15) }), keys.seed)).toThrowError(code('BAD_INPUT'));
    expect(() => signBatch(fields({ prev: randomBytes(31) }), keys.seed)).toThrowError(code('BAD_INPUT'));
    const short = { ...sampleRecord(), sealed: randomBytes(39) };
    expect(() => signBatch(fields({ records: [short] }), keys.seed)).toThrowError(code('BAD_INPUT'));
  });

  it('decodes strictly: unknown fields, missing fields, bad record kinds, wrong lengths (BAD_ENCODING)', () => {
    const { bytes } = signBatch(fields(), keys.seed);
    const cases: ((body: CborMap) => void)[] = [
      (b) => (b.extra = 1),
      (b) => delete b.seen,
      (b) => ((b.records as CborMap[])[0] = { ...((b.records as CborMap[])[0] ?? {}), kind: 'policy' }),
      (b) => (b.identity = randomBytes(31)),
      (b) => (b.counter = 0),
      (b) => ((b.seen as CborMap).extra = 0),
    ];
    for (const edit of cases) expect(() => decodeBatch(reencode(bytes, edit))).toThrowError(code('BAD_ENCODING'));
    expect(() => decodeBatch(reencode(bytes, () => {}, (e) => (e.sig = randomBytes(63))))).toThrowError(code('BAD_ENCODING'));
  });

  it('refuses an unknown or lower version of body or envelope (UNKNOWN_VERSION)', () => {
    const { bytes } = signBatch(fields(), keys.seed);
    for (const v of [0, 2]) {
      expect(() => decodeBatch(reencode(bytes, (b) => (b.v = v)))).toThrowError(code('UNKNOWN_VERSION'));
      expect(() => decodeBatch(reencode(bytes, () => {}, (e) => (e.v = v)))).toThrowError(code('UNKNOWN_VERSION'));
    }
  });

  it('never decodes arbitrary bytes into a batch without throwing a VaultError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        expect(() => decodeBatch(junk)).toThrowError(expect.objectContaining({ name: 'VaultError' }));
      }),
    );
  });
});
