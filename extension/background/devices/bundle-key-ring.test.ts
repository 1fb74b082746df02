/**
 * The write-through key ring of revocation (bundle-key-ring.ts): it starts with the keys the device
 * bundle holds; a user key or epoch key added during a rotation is in the live bundle at once (the
 * engine reads it there) and, after `persist`, in the sealed bundle of the stored header, so a
 * restarted worker that opens the header with the same bundle key holds it. A key already held is
 * not added twice, and another key for a held epoch is refused (BAD_INPUT) without touching the bundle.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { generateX25519KeyPair } from '../../../shared/crypto/x25519';
import { createVaultKeys, openBundle } from '../../../shared/vault/vault-keys';
import { memoryVaultStore } from '../vault/testing/memory-stores';
import { BundleKeyRing } from './bundle-key-ring';

describe('BundleKeyRing', () => {
  it('adds rotation keys to the live bundle and, once persisted, to the stored sealed bundle', async () => {
    const vault = await createVaultKeys('correct horse battery staple', { m: 19456, t: 2, p: 1, salt: randomBytes(16) });
    const store = memoryVaultStore();
    await store.putHeader(vault.header);
    const collection = bytesToHex(fromBase64url(vault.header.personalCollection));
    const ring = new BundleKeyRing(vault, store);
    expect(ring.currentEpoch(collection)).toBe(0);

    const userKey = generateX25519KeyPair();
    const epochKey = randomBytes(32);
    ring.addUserKey({ generation: 1, privateKey: userKey.privateKey, publicKey: userKey.publicKey });
    ring.addEpochKey(collection, 1, epochKey);
    ring.addEpochKey(collection, 1, epochKey);
    expect(vault.bundle.collectionKeys.filter((k) => k.epoch === 1)).toHaveLength(1);
    expect(() => ring.addEpochKey(collection, 1, randomBytes(32))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(openBundle((await store.getHeader())!, vault.bundleKey).collectionKeys).toHaveLength(1);

    await ring.persist();
    const reopened = openBundle((await store.getHeader())!, vault.bundleKey);
    expect(reopened.userKeys.map((k) => k.generation)).toEqual([0, 1]);
    expect(reopened.collectionKeys.find((k) => k.epoch === 1)?.key).toEqual(epochKey);
    expect(reopened.collectionKeys[0]?.epoch).toBe(0);
  });
});
