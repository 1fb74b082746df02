import { describe, expect, it } from 'vitest';
import { type CborValue, encodeCanonical } from '../crypto/cbor';
import { sign, verify } from '../crypto/ed25519';
import { sha256 } from '../crypto/hash';
import { VaultError } from '../protocol/errors';
import { decodeEntry, decodeEntryBody, encodeEntryBody, entryHash, entrySignedBy, signEntry, type IdentityBody } from './entry';
import { newDevice } from './test-fixtures';

const device = newDevice();
const identity = new Uint8Array(32).fill(9);

function addDeviceBody(): IdentityBody {
  const added = newDevice();
  return {
    chain: 'identity',
    chainId: identity,
    seq: 3,
    prev: new Uint8Array(32).fill(1),
    author: { by: 'device', identity, id: device.deviceId },
    time: 1_700_000_000_000,
    op: 'add-device',
    args: { deviceId: added.deviceId, signingKey: added.signing.publicKey, x25519Key: added.x25519.publicKey, userKeySeal: new Uint8Array(80) },
  };
}

/** The body as a plain CBOR map, to build bodies the encoder would refuse to make. */
function rawBody(changes: { [key: string]: CborValue }): { [key: string]: CborValue } {
  const body = addDeviceBody();
  return { kind: 'chain-entry', v: 1, ...(body as unknown as { [key: string]: CborValue }), ...changes };
}

function envelope(body: Uint8Array, v = 1): Uint8Array {
  return encodeCanonical({ kind: 'chain-envelope', v, body, sig: sign('chain/v1', device.signing.seed, body) });
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof VaultError) return error.code;
    throw error;
  }
  return 'accepted';
}

/** The example of docs/formats.md §12: a revoke-device at seq 5, signed with the seed 01…01. */
const EXAMPLE_BODY_HEX =
  'aa617601626f706d7265766f6b652d64657669636563736571056461726773a16864657669636549645055555555555555555555555555555555' +
  '646b696e646b636861696e2d656e7472796470726576582033333333333333333333333333333333333333333333333333333333333333336474' +
  '696d651b0000018bcfe5680065636861696e686964656e7469747966617574686f72a362627966646576696365626964504444444444444444' +
  '4444444444444444686964656e746974795820222222222222222222222222222222222222222222222222222222222222222267636861696e49' +
  '6458202222222222222222222222222222222222222222222222222222222222222222';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('chain entry bytes (docs/formats.md §12)', () => {
  it('produces exactly the bytes documented in formats §12', () => {
    const id = new Uint8Array(32).fill(0x22);
    const bytes = signEntry(
      {
        chain: 'identity',
        chainId: id,
        seq: 5,
        prev: new Uint8Array(32).fill(0x33),
        author: { by: 'device', identity: id, id: new Uint8Array(16).fill(0x44) },
        time: 1_700_000_000_000,
        op: 'revoke-device',
        args: { deviceId: new Uint8Array(16).fill(0x55) },
      },
      new Uint8Array(32).fill(1),
    );
    const entry = decodeEntry(bytes);
    expect(hex(entry.bodyBytes)).toBe(EXAMPLE_BODY_HEX);
    expect(bytes.length).toBe(368);
    expect(hex(bytes.subarray(0, 10))).toBe('a4617601637369675840');
    expect(bytes.subarray(10, 74)).toEqual(entry.signature);
    expect(hex(bytes.subarray(74, 82))).toBe('64626f647959010a');
    expect(bytes.subarray(82, 82 + 266)).toEqual(entry.bodyBytes);
    expect(hex(bytes.subarray(82 + 266))).toBe('646b696e646e636861696e2d656e76656c6f7065');
  });

  it('round-trips a signed entry and hashes its exact envelope bytes', () => {
    const body = addDeviceBody();
    const bytes = signEntry(body, device.signing.seed);
    const entry = decodeEntry(bytes);
    expect(entry.body).toEqual(body);
    expect(entry.hash).toEqual(sha256(bytes));
    expect(entryHash(bytes)).toEqual(entry.hash);
    expect(entry.bodyBytes).toEqual(encodeEntryBody(body));
    expect(entrySignedBy(entry, device.signing.publicKey)).toBe(true);
  });

  it('signs under the chain/v1 context only: the signature does not verify as a batch or a plain message', () => {
    const entry = decodeEntry(signEntry(addDeviceBody(), device.signing.seed));
    expect(verify('chain/v1', device.signing.publicKey, entry.bodyBytes, entry.signature)).toBe(true);
    expect(verify('batch/v1', device.signing.publicKey, entry.bodyBytes, entry.signature)).toBe(false);
    expect(verify('heartbeat/v1', device.signing.publicKey, entry.bodyBytes, entry.signature)).toBe(false);
  });

  it('encodes the same body to the same bytes (deterministic CBOR, deterministic Ed25519)', () => {
    const body = addDeviceBody();
    expect(signEntry(body, device.signing.seed)).toEqual(signEntry(body, device.signing.seed));
    expect(encodeEntryBody(body)[0]).toBe(0xaa);
  });

  it('refuses an unknown op, and an op of the other chain kind', () => {
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ op: 'make-admin' }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ op: 'policy' }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ chain: 'team' }))))).toBe('BAD_ENCODING');
  });

  it('refuses unknown and lower versions of the body and of the envelope', () => {
    for (const v of [0, 2, 99]) {
      expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ v }))))).toBe('UNKNOWN_VERSION');
      expect(codeOf(() => decodeEntry(envelope(encodeCanonical(rawBody({})), v)))).toBe('UNKNOWN_VERSION');
    }
    expect(codeOf(() => decodeEntry(envelope(encodeCanonical(rawBody({ v: 2 })))))).toBe('UNKNOWN_VERSION');
  });

  it('refuses extra or missing fields in the body, its author and its args', () => {
    const body = addDeviceBody();
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ note: 'x' }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ args: { ...body.args, role: 'owner' } }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ author: { ...body.author, at: 0 } }))))).toBe('BAD_ENCODING');
    const { time: _time, ...withoutTime } = rawBody({});
    expect(codeOf(() => decodeEntryBody(encodeCanonical(withoutTime)))).toBe('BAD_ENCODING');
  });

  it('refuses wrong lengths of keys, ids, seals, prev and signature', () => {
    const body = addDeviceBody();
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ prev: new Uint8Array(31) }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ args: { ...body.args, signingKey: new Uint8Array(33) } }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ args: { ...body.args, deviceId: new Uint8Array(15) } }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ args: { ...body.args, userKeySeal: new Uint8Array(79) } }))))).toBe('BAD_ENCODING');
    const bodyBytes = encodeEntryBody(body);
    const shortSig = encodeCanonical({ kind: 'chain-envelope', v: 1, body: bodyBytes, sig: new Uint8Array(63) });
    expect(codeOf(() => decodeEntry(shortSig))).toBe('BAD_ENCODING');
  });

  it('refuses an author that is neither a device nor the recovery key', () => {
    const body = addDeviceBody();
    expect(codeOf(() => decodeEntryBody(encodeCanonical(rawBody({ author: { ...body.author, by: 'server' } }))))).toBe('BAD_ENCODING');
  });

  it('refuses non-canonical bytes: trailing data, and an envelope around a non-entry', () => {
    const bytes = signEntry(addDeviceBody(), device.signing.seed);
    expect(codeOf(() => decodeEntry(Uint8Array.of(...bytes, 0)))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntry(envelope(encodeCanonical({ kind: 'batch', v: 1 }))))).toBe('BAD_ENCODING');
    expect(codeOf(() => decodeEntry(envelope(encodeCanonical([1, 2, 3]))))).toBe('BAD_ENCODING');
  });

  it('refuses to encode a body that does not fit its op (BAD_INPUT)', () => {
    const body = addDeviceBody();
    const shortId = { ...body, args: { ...body.args, deviceId: new Uint8Array(3) } } as IdentityBody;
    expect(codeOf(() => encodeEntryBody(shortId))).toBe('BAD_INPUT');
    expect(codeOf(() => encodeEntryBody({ ...body, op: 'nope' } as unknown as IdentityBody))).toBe('BAD_INPUT');
  });
});
