import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { AUTHENTICATOR_A, AUTHENTICATOR_B } from '../../../shared/vault/vectors/passkey-prf-chromium';
import { pairingPolicy } from './pairing-policy';
import { passkeyService } from './passkey-service';
import { memorySessionStore, memoryVaultStore } from './testing/memory-stores';
import { vaultSession } from './vault-session';

const MASTER = 'a long enough master password';
const kdfParams = () => ({ m: 19456, t: 2, p: 1, salt: crypto.getRandomValues(new Uint8Array(16)) });
const proofA = () => ({ credentialId: AUTHENTICATOR_A.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_A.prfOutputHex) });
const forgedA = () => ({ credentialId: AUTHENTICATOR_A.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_B.prfOutputHex) });
const proofB = () => ({ credentialId: AUTHENTICATOR_B.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_B.prfOutputHex) });

async function setup(withPasskey = true) {
  const store = memoryVaultStore();
  const vault = vaultSession({ store, session: memorySessionStore(), now: () => 1_000, autoLockMinutes: async () => 15, onDeadline: () => {}, kdfParams });
  const policy = pairingPolicy({ store, vault, now: () => 1_000 });
  const passkeys = passkeyService({ store, vault, now: () => 1_000, policy });
  await vault.create(MASTER);
  if (withPasskey) {
    await passkeys.beginAdd(MASTER);
    await passkeys.finishAdd(AUTHENTICATOR_A.credentialId, proofA().prfOutput, 'Laptop');
  }
  return { vault, policy, passkeys };
}

describe('"Require a passkey to approve new devices"', () => {
  it('is off by default and cannot be turned on without a passkey in the vault', async () => {
    const { policy } = await setup(false);
    expect(await policy.get()).toEqual({ requirePasskey: false, passkeys: 0 });
    await expect(policy.set(true, proofA())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await policy.required()).toBe(false);
  });

  it("turns on with the passkey's PRF output, and turning it off needs that passkey again", async () => {
    const { policy } = await setup();
    await expect(policy.set(true, forgedA())).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    expect(await policy.required()).toBe(false);
    expect(await policy.set(true, proofA())).toEqual({ requirePasskey: true, passkeys: 1 });
    await expect(policy.set(false, forgedA())).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    await expect(policy.set(false, proofB())).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    expect(await policy.required()).toBe(true);
    await policy.set(false, proofA());
    expect(await policy.required()).toBe(false);
  });

  it('while on, adding another passkey needs an added passkey besides the master password', async () => {
    const { policy, passkeys } = await setup();
    await policy.set(true, proofA());
    await expect(passkeys.beginAdd(MASTER)).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    await expect(passkeys.beginAdd(MASTER, forgedA())).rejects.toMatchObject({ code: 'WRONG_PASSKEY' });
    await passkeys.beginAdd(MASTER, proofA());
    await passkeys.finishAdd(AUTHENTICATOR_B.credentialId, proofB().prfOutput, 'Key');
    expect(await passkeys.list()).toHaveLength(2);
  });

  it('while on, the last passkey cannot be removed; after turning it off it can', async () => {
    const { policy, passkeys } = await setup();
    await policy.set(true, proofA());
    await expect(passkeys.remove(AUTHENTICATOR_A.credentialId)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await passkeys.list()).toHaveLength(1);
    await policy.set(false, proofA());
    await passkeys.remove(AUTHENTICATOR_A.credentialId);
    expect(await passkeys.list()).toEqual([]);
  });

  it('refuses every change while the vault is locked', async () => {
    const { vault, policy } = await setup();
    await vault.lock();
    await expect(policy.set(true, proofA())).rejects.toMatchObject({ code: 'LOCKED' });
    await expect(policy.get()).rejects.toMatchObject({ code: 'LOCKED' });
  });
});
