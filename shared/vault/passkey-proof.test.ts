import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { checkPasskeyProof } from './passkey-proof';
import type { PasskeyRecord } from './passkey-wrap';
import { AUTHENTICATOR_A, AUTHENTICATOR_B, BUNDLE_KEY_HEX, PERSONAL_COLLECTION, PRF_SALT_HEX } from './vectors/passkey-prf-chromium';

const vault = { bundleKey: hexToBytes(BUNDLE_KEY_HEX), personalCollection: PERSONAL_COLLECTION };
const recordA: PasskeyRecord = {
  credentialId: AUTHENTICATOR_A.credentialId,
  prfSalt: hexToBytes(PRF_SALT_HEX),
  wrapped: hexToBytes(AUTHENTICATOR_A.wrappedHex),
  label: 'Laptop',
  createdAt: 0,
};
const proofA = () => ({ credentialId: AUTHENTICATOR_A.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_A.prfOutputHex) });

describe('passkey proof (second factor checked in the worker)', () => {
  it("accepts the recorded PRF output of the passkey's own authenticator", () => {
    expect(() => checkPasskeyProof([recordA], proofA(), vault)).not.toThrow();
  });

  it("refuses another authenticator's PRF output for the stored credential", () => {
    const proof = { credentialId: AUTHENTICATOR_A.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_B.prfOutputHex) };
    expect(() => checkPasskeyProof([recordA], proof, vault)).toThrow(expect.objectContaining({ code: 'WRONG_PASSKEY' }));
  });

  it('refuses a credential that is not added, even with a PRF output of its own', () => {
    const proof = { credentialId: AUTHENTICATOR_B.credentialId, prfOutput: hexToBytes(AUTHENTICATOR_B.prfOutputHex) };
    expect(() => checkPasskeyProof([recordA], proof, vault)).toThrow(expect.objectContaining({ code: 'WRONG_PASSKEY' }));
  });

  it('refuses when the vault has no passkeys at all', () => {
    expect(() => checkPasskeyProof([], proofA(), vault)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses a right output whose wrap holds another bundle key, or belongs to another vault', () => {
    const otherKey = { ...vault, bundleKey: new Uint8Array(32).fill(9) };
    expect(() => checkPasskeyProof([recordA], proofA(), otherKey)).toThrow(expect.objectContaining({ code: 'WRONG_PASSKEY' }));
    const otherVault = { ...vault, personalCollection: 'BBBBBBBBBBBBBBBBBBBBBB' };
    expect(() => checkPasskeyProof([recordA], proofA(), otherVault)).toThrow(expect.objectContaining({ code: 'WRONG_PASSKEY' }));
  });

  it('refuses a PRF output of the wrong length without trying it', () => {
    const proof = { credentialId: AUTHENTICATOR_A.credentialId, prfOutput: new Uint8Array(31) };
    expect(() => checkPasskeyProof([recordA], proof, vault)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
