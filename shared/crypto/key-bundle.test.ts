import { describe, expect, it } from 'vitest';
import { open } from './aead';
import { kdfDescriptor, type KdfDescriptor } from './argon2id';
import { encodeCanonical } from './cbor';
import {
  type DeviceBundle,
  unwrapBundle,
  unwrapBundleKey,
  wipeBundle,
  wrapBundle,
  wrapBundleKey,
} from './key-bundle';
import { randomBytes } from './random';

const kdf: KdfDescriptor = kdfDescriptor({ m: 65536, t: 3, p: 4, salt: new Uint8Array(16).fill(3) });
const bundleKey = new Uint8Array(32).fill(0x11);
const kek = new Uint8Array(32).fill(0x22);

function makeBundle(): DeviceBundle {
  return {
    deviceSigningSeed: randomBytes(32),
    deviceX25519Private: randomBytes(32),
    userKeys: [{ generation: 0, x25519Private: randomBytes(32) }, { generation: 1, x25519Private: randomBytes(32) }],
    collectionKeys: [{ collection: 'personal', epoch: 0, key: randomBytes(32) }],
  };
}

describe('device bundle (DESIGN.md §4)', () => {
  it('round-trips the bundle and the bundle key', () => {
    const bundle = makeBundle();
    expect(unwrapBundle(bundleKey, wrapBundle(bundleKey, bundle, kdf), kdf)).toEqual(bundle);
    expect(unwrapBundleKey(kek, wrapBundleKey(kek, bundleKey, kdf), kdf)).toEqual(bundleKey);
  });

  it('binds the KDF parameters: a sealed bundle or key does not open under weakened or changed parameters', () => {
    const sealed = wrapBundle(bundleKey, makeBundle(), kdf);
    const wrapped = wrapBundleKey(kek, bundleKey, kdf);
    const changed: KdfDescriptor[] = [
      { ...kdf, m: 32768 },
      { ...kdf, t: 2 },
      { ...kdf, p: 1 },
      { ...kdf, salt: new Uint8Array(16).fill(4) },
    ];
    for (const other of changed) {
      expect(() => unwrapBundle(bundleKey, sealed, other)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
      expect(() => unwrapBundleKey(kek, wrapped, other)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    }
  });

  it('refuses parameters below the floor before trying to open (KDF_TOO_WEAK)', () => {
    const sealed = wrapBundle(bundleKey, makeBundle(), kdf);
    expect(() => unwrapBundle(bundleKey, sealed, { ...kdf, m: 1024 })).toThrowError(expect.objectContaining({ code: 'KDF_TOO_WEAK' }));
  });

  it('uses the documented associated data: CBOR {kind:"device-bundle", v:1, kdf}', () => {
    const sealed = wrapBundle(bundleKey, makeBundle(), kdf);
    const { alg, version, m, t, p, salt } = kdf;
    const ad = encodeCanonical({ kind: 'device-bundle', v: 1, kdf: { alg, version, m, t, p, salt } });
    expect(() => open(bundleKey, sealed, ad)).not.toThrow();
    const keyAd = encodeCanonical({ kind: 'bundle-key', v: 1, kdf: { alg, version, m, t, p, salt } });
    expect(open(kek, wrapBundleKey(kek, bundleKey, kdf), keyAd)).toEqual(bundleKey);
  });

  it('refuses a wrong key (DECRYPT_FAILED) and keys of the wrong length (BAD_INPUT)', () => {
    const sealed = wrapBundle(bundleKey, makeBundle(), kdf);
    expect(() => unwrapBundle(new Uint8Array(32), sealed, kdf)).toThrowError(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    const short = { ...makeBundle(), deviceSigningSeed: new Uint8Array(31) };
    expect(() => wrapBundle(bundleKey, short, kdf)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => wrapBundleKey(kek, new Uint8Array(16), kdf)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('refuses a KDF descriptor of another algorithm or version', () => {
    const other = { ...kdf, version: 0x10 } as unknown as KdfDescriptor;
    expect(() => wrapBundle(bundleKey, makeBundle(), other)).toThrowError(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('wipes every key in a bundle', () => {
    const bundle = makeBundle();
    wipeBundle(bundle);
    const all = [bundle.deviceSigningSeed, bundle.deviceX25519Private, ...bundle.userKeys.map((k) => k.x25519Private), ...bundle.collectionKeys.map((k) => k.key)];
    for (const key of all) expect(key.every((b) => b === 0)).toBe(true);
  });
});
