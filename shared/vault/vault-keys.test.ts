import { describe, expect, it } from 'vitest';
import { createVaultKeys, openBundle, rewrapHeader, unlockBundleKey, type VaultHeader } from './vault-keys';

// The product minimum (19 MiB, t=2) keeps these tests quick while exercising the real KDF path.
const fast = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });

describe('vault keys', () => {
  it('unlocks with the right password and opens the same bundle', async () => {
    const vault = await createVaultKeys('correct horse battery staple', fast());
    const bundleKey = await unlockBundleKey(vault.header, 'correct horse battery staple');
    expect(bundleKey).toEqual(vault.bundleKey);
    expect(openBundle(vault.header, bundleKey)).toEqual(vault.bundle);
  });

  it('refuses a wrong password with WRONG_PASSWORD and leaves the header unchanged', async () => {
    const vault = await createVaultKeys('correct horse battery staple', fast());
    const before = structuredClone(vault.header);
    await expect(unlockBundleKey(vault.header, 'Correct horse battery staple')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(vault.header).toEqual(before);
  });

  it('refuses a header whose KDF parameters were lowered, before deriving', async () => {
    const vault = await createVaultKeys('correct horse battery staple', fast());
    const weakened: VaultHeader = { ...vault.header, kdf: { ...vault.header.kdf, m: 1024 } };
    await expect(unlockBundleKey(weakened, 'correct horse battery staple')).rejects.toMatchObject({ code: 'KDF_TOO_WEAK' });
  });

  it('refuses a header whose KDF parameters were changed but are still above the floor', async () => {
    const vault = await createVaultKeys('correct horse battery staple', fast());
    const changed: VaultHeader = { ...vault.header, kdf: { ...vault.header.kdf, t: 3 } };
    await expect(unlockBundleKey(changed, 'correct horse battery staple')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
  });

  it('changing the password re-wraps the same bundle key: the old password stops working', async () => {
    const vault = await createVaultKeys('correct horse battery staple', fast());
    const header = await rewrapHeader(vault, 'a new and longer passphrase', fast());
    expect(await unlockBundleKey(header, 'a new and longer passphrase')).toEqual(vault.bundleKey);
    await expect(unlockBundleKey(header, 'correct horse battery staple')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    expect(openBundle(header, vault.bundleKey)).toEqual(vault.bundle);
  });

  it('refuses an unknown header version', async () => {
    const vault = await createVaultKeys('correct horse battery staple', fast());
    const future = { ...vault.header, version: 2 } as unknown as VaultHeader;
    await expect(unlockBundleKey(future, 'correct horse battery staple')).rejects.toMatchObject({ code: 'UNKNOWN_VERSION' });
  });
});
