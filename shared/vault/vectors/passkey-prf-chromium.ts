/**
 * PRF outputs recorded from Chromium 156's CDP WebAuthn virtual authenticator (ctap2, internal,
 * resident key, user verification, hasPrf) on a chrome-extension:// page: `navigator.credentials.create`
 * and `.get` with `extensions.prf.eval.first` = 32 bytes of 0x07 gave the same output for a credential.
 * Two authenticators, one credential each. `wrapped` was sealed once by `wrapWithPasskey` with
 * authenticator A's output over the bundle key 00 01 … 1f, so the stored format stays readable.
 */
export const PRF_SALT_HEX = '07'.repeat(32);
export const PERSONAL_COLLECTION = 'AAAAAAAAAAAAAAAAAAAAAA';
export const BUNDLE_KEY_HEX = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';

export const AUTHENTICATOR_A = {
  credentialId: 'RwH8is504xAC3UFrLBS9B75hooUmlhG57ySnL8YsDiI',
  prfOutputHex: '10baae048a09d09868478c427fc08391ced5f189905025e404eec48b66699901',
  wrappedHex:
    'b925e05e2ce709567abd2bc8a67afcda0a60ea24042d99d3cbaa46b8792d7cac98987dd295c32d9d42c160d9e551736f444aa0e570d1480f2c877f0a3b62bbebb568541bddd6bd5e',
};

export const AUTHENTICATOR_B = {
  credentialId: 'qHH98db05l-9UNxjSZfNOn8Jz6deafYPQ7FYdboe4wU',
  prfOutputHex: '698639d85c6d7c0503f9a58b6cf91feab5f6e9ce76e63eb2db6e7e2e0e13b9e1',
};
