import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { newPrfSalt, unwrapWithPasskey, wrapWithPasskey } from './passkey-wrap';
import { AUTHENTICATOR_A, AUTHENTICATOR_B, BUNDLE_KEY_HEX, PERSONAL_COLLECTION, PRF_SALT_HEX } from './vectors/passkey-prf-chromium';

const bindingA = { credentialId: AUTHENTICATOR_A.credentialId, personalCollection: PERSONAL_COLLECTION, prfSalt: hexToBytes(PRF_SALT_HEX) };
const prfA = hexToBytes(AUTHENTICATOR_A.prfOutputHex);
const prfB = hexToBytes(AUTHENTICATOR_B.prfOutputHex);
const bundleKey = hexToBytes(BUNDLE_KEY_HEX);

describe('passkey wrap', () => {
  it('unwraps the recorded wrapped key with the recorded PRF output of its authenticator', () => {
    expect(bytesToHex(unwrapWithPasskey(hexToBytes(AUTHENTICATOR_A.wrappedHex), prfA, bindingA))).toBe(BUNDLE_KEY_HEX);
  });

  it('round-trips a fresh wrap under a fresh salt', () => {
    const binding = { ...bindingA, prfSalt: newPrfSalt() };
    const wrapped = wrapWithPasskey(bundleKey, prfA, binding);
    expect(wrapped.length).toBe(24 + 32 + 16);
    expect(unwrapWithPasskey(wrapped, prfA, binding)).toEqual(bundleKey);
  });

  it("refuses another authenticator's PRF output for the same salt", () => {
    expect(() => unwrapWithPasskey(hexToBytes(AUTHENTICATOR_A.wrappedHex), prfB, bindingA)).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSKEY' }),
    );
  });

  it('refuses the right PRF output claimed for another credential or another vault', () => {
    const wrapped = hexToBytes(AUTHENTICATOR_A.wrappedHex);
    expect(() => unwrapWithPasskey(wrapped, prfA, { ...bindingA, credentialId: AUTHENTICATOR_B.credentialId })).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSKEY' }),
    );
    expect(() => unwrapWithPasskey(wrapped, prfA, { ...bindingA, personalCollection: 'BBBBBBBBBBBBBBBBBBBBBB' })).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSKEY' }),
    );
  });

  it('refuses a wrapped key with any changed byte, and a different salt', () => {
    const wrapped = hexToBytes(AUTHENTICATOR_A.wrappedHex);
    for (const index of [0, 30, wrapped.length - 1]) {
      const changed = wrapped.slice();
      changed[index] = (changed[index] ?? 0) ^ 1;
      expect(() => unwrapWithPasskey(changed, prfA, bindingA)).toThrow(expect.objectContaining({ code: 'WRONG_PASSKEY' }));
    }
    expect(() => unwrapWithPasskey(wrapped, prfA, { ...bindingA, prfSalt: new Uint8Array(32) })).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSKEY' }),
    );
  });

  it('refuses PRF outputs, salts and bundle keys of the wrong length', () => {
    expect(() => wrapWithPasskey(bundleKey, prfA.subarray(0, 16), bindingA)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => wrapWithPasskey(bundleKey, prfA, { ...bindingA, prfSalt: new Uint8Array(16) })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT' }),
    );
    expect(() => wrapWithPasskey(bundleKey.subarray(0, 31), prfA, bindingA)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
