import { describe, expect, it } from 'vitest';
import { MIN_KDF, SALT_MIN_LENGTH } from '../crypto/argon2id';
import type { DeviceBundle } from '../crypto/key-bundle';
import { randomBytes } from '../crypto/random';
import { vaultKeysFromBundle } from './vault-from-bundle';
import { openBundle, unlockBundleKey } from './vault-keys';

const params = () => ({ m: MIN_KDF.m, t: MIN_KDF.t, p: 1, salt: randomBytes(SALT_MIN_LENGTH) });

function bundle(collection: string): DeviceBundle {
  return {
    deviceSigningSeed: randomBytes(32),
    deviceX25519Private: randomBytes(32),
    userKeys: [{ generation: 0, x25519Private: randomBytes(32) }],
    collectionKeys: [
      { collection, epoch: 0, key: randomBytes(32) },
      { collection, epoch: 1, key: randomBytes(32) },
    ],
  };
}

describe('the vault of a joined device', () => {
  it("opens with this browser's own master password and holds exactly the keys the pairing gave", async () => {
    const keys = bundle('personal-collection-id');
    const vault = await vaultKeysFromBundle('harbor-Thistle-copper-58-meadow', keys, 'personal-collection-id', params());
    expect(vault.header.personalCollection).toBe('personal-collection-id');
    const bundleKey = await unlockBundleKey(vault.header, 'harbor-Thistle-copper-58-meadow');
    expect(openBundle(vault.header, bundleKey)).toEqual(keys);
    await expect(unlockBundleKey(vault.header, 'the other device’s password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
  });

  it('refuses a bundle without the personal collection key, and a KDF below the minimum', async () => {
    await expect(vaultKeysFromBundle('harbor-Thistle-copper-58-meadow', bundle('another'), 'personal-collection-id', params())).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      vaultKeysFromBundle('harbor-Thistle-copper-58-meadow', bundle('c'), 'c', { ...params(), m: MIN_KDF.m - 1 }),
    ).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
  });
});
