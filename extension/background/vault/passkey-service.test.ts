import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../../shared/crypto/base64url';
import type { PasskeyRecord } from '../../../shared/vault/passkey-wrap';
import { AUTHENTICATOR_A, AUTHENTICATOR_B } from '../../../shared/vault/vectors/passkey-prf-chromium';
import { passkeyService } from './passkey-service';
import { memorySessionStore, memoryVaultStore } from './testing/memory-stores';
import { vaultSession } from './vault-session';

const MASTER = 'a long enough master password';
const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const prfA = hexToBytes(AUTHENTICATOR_A.prfOutputHex);
const prfB = hexToBytes(AUTHENTICATOR_B.prfOutputHex);

async function setup() {
  let time = 1_000_000;
  const store = memoryVaultStore();
  const vault = vaultSession({ store, session: memorySessionStore(), now: () => time, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const passkeys = passkeyService({ store, vault, now: () => time });
  await vault.create(MASTER);
  return { store, vault, passkeys, advance: (ms: number) => (time += ms) };
}

async function addPasskey(passkeys: ReturnType<typeof passkeyService>, credentialId: string, prf: Uint8Array) {
  await passkeys.beginAdd(MASTER);
  await passkeys.finishAdd(credentialId, prf, 'Laptop');
}

describe('passkey service', () => {
  it('adds a passkey that unlocks the locked vault, and the master password keeps working', async () => {
    const { vault, passkeys } = await setup();
    await addPasskey(passkeys, AUTHENTICATOR_A.credentialId, prfA);
    expect(await passkeys.list()).toEqual([{ credentialId: AUTHENTICATOR_A.credentialId, label: 'Laptop', createdAt: 1_000_000 }]);
    await vault.lock();
    await passkeys.unlock(AUTHENTICATOR_A.credentialId, prfA);
    expect(await vault.state()).toBe('unlocked');
    await vault.lock();
    await vault.unlock(MASTER);
    expect(await vault.state()).toBe('unlocked');
  });

  it("refuses another authenticator's PRF output for a stored passkey, and counts it toward the throttle", async () => {
    const { vault, passkeys, advance } = await setup();
    await addPasskey(passkeys, AUTHENTICATOR_A.credentialId, prfA);
    await vault.lock();
    for (let i = 0; i < 3; i++) {
      await expect(passkeys.unlock(AUTHENTICATOR_A.credentialId, prfB)).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    }
    expect(await vault.state()).toBe('locked');
    await expect(passkeys.unlock(AUTHENTICATOR_A.credentialId, prfA)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    advance(1_000);
    await passkeys.unlock(AUTHENTICATOR_A.credentialId, prfA);
    expect(await vault.state()).toBe('unlocked');
  });

  it('needs the master password to add a passkey, and the salt it chose', async () => {
    const { passkeys } = await setup();
    await expect(passkeys.beginAdd('not the master password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(passkeys.finishAdd(AUTHENTICATOR_A.credentialId, prfA, 'Laptop')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await passkeys.list()).toEqual([]);
  });

  it('refuses to finish an add after five minutes', async () => {
    const { passkeys, advance } = await setup();
    await passkeys.beginAdd(MASTER);
    advance(5 * 60_000);
    await expect(passkeys.finishAdd(AUTHENTICATOR_A.credentialId, prfA, 'Laptop')).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('refuses to add or remove while locked', async () => {
    const { vault, passkeys } = await setup();
    await vault.lock();
    await expect(passkeys.beginAdd(MASTER)).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(passkeys.remove(AUTHENTICATOR_A.credentialId)).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('a removed passkey no longer unlocks and its wrapped key is gone from the store; the others still do', async () => {
    const { store, vault, passkeys } = await setup();
    await addPasskey(passkeys, AUTHENTICATOR_A.credentialId, prfA);
    await addPasskey(passkeys, AUTHENTICATOR_B.credentialId, prfB);
    const wrappedA = ((await store.getMeta<PasskeyRecord[]>('passkeys')) ?? [])[0]?.wrapped;
    await passkeys.remove(AUTHENTICATOR_A.credentialId);
    const left = (await store.getMeta<PasskeyRecord[]>('passkeys')) ?? [];
    expect(left.map((r) => r.credentialId)).toEqual([AUTHENTICATOR_B.credentialId]);
    expect(JSON.stringify(store.dump(), (_, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))).not.toContain(
      JSON.stringify(Array.from(wrappedA ?? [])),
    );
    await vault.lock();
    await expect(passkeys.unlock(AUTHENTICATOR_A.credentialId, prfA)).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    await passkeys.unlock(AUTHENTICATOR_B.credentialId, prfB);
    expect(await vault.state()).toBe('unlocked');
  });

  it('removing every passkey leaves password unlock, and unlock-begin then offers none', async () => {
    const { vault, passkeys } = await setup();
    await addPasskey(passkeys, AUTHENTICATOR_A.credentialId, prfA);
    const begun = await passkeys.beginUnlock();
    expect(begun.credentials.map((c) => c.credentialId)).toEqual([AUTHENTICATOR_A.credentialId]);
    expect(fromBase64url(begun.credentials[0]?.prfSalt ?? '')).toHaveLength(32);
    await passkeys.remove(AUTHENTICATOR_A.credentialId);
    expect((await passkeys.beginUnlock()).credentials).toEqual([]);
    await vault.lock();
    await vault.unlock(MASTER);
    expect(await vault.state()).toBe('unlocked');
  });

  it('a passkey keeps unlocking after a master password change (the bundle key stays)', async () => {
    const { vault, passkeys } = await setup();
    await addPasskey(passkeys, AUTHENTICATOR_A.credentialId, prfA);
    await vault.changePassword(MASTER, 'another long master password');
    await vault.lock();
    await passkeys.unlock(AUTHENTICATOR_A.credentialId, prfA);
    expect(await vault.state()).toBe('unlocked');
  });
});
