import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../../shared/crypto/base64url';
import { wipeBundle } from '../../../shared/crypto/key-bundle';
import { randomBytes } from '../../../shared/crypto/random';
import { createVaultKeys } from '../../../shared/vault/vault-keys';
import { vaultDeviceKeys } from './device-keys';

const kdf = { m: 19456, t: 2, p: 1, salt: randomBytes(16) };

describe('device keys from the unlocked vault', () => {
  it('gives the bundle seed and the collection key by hex id, and refuses every key once locked', async () => {
    const vault = await createVaultKeys('orbit-lantern-Velvet-93-quarry', kdf);
    const account = { server: 'https://127.0.0.1', identity: randomBytes(32), device: randomBytes(16), identityGenesis: randomBytes(8), collectionAppended: true, createdAt: 1 };
    let alive = true;
    const keys = vaultDeviceKeys(vault, account, () => alive);
    const hex = bytesToHex(fromBase64url(vault.header.personalCollection));
    expect(keys.seed).toEqual(vault.bundle.deviceSigningSeed);
    expect(keys.currentEpoch(hex)).toBe(0);
    expect(keys.epochKey(hex, 0)).toEqual(vault.bundle.collectionKeys[0]?.key);
    expect(keys.epochKey(hex, 1)).toBeNull();
    expect(keys.epochKey('00'.repeat(16), 0)).toBeNull();
    alive = false;
    expect(() => keys.seed).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    alive = true;
    wipeBundle(vault.bundle);
    expect(() => keys.seed).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    expect(() => keys.epochKey(hex, 0)).toThrow(expect.objectContaining({ code: 'LOCKED' }));
  });
});
