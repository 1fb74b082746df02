/**
 * Source: FIPS 180-4 example computations (NIST CSRC "SHA256.pdf" examples, also RFC 6234 §8.5 TEST1
 * and TEST2_1): SHA-256 of "abc" and of the 448-bit message; the empty-string digest is from NIST's
 * SHA Test Vectors (SHAVS, Len = 0).
 */
export const SHA256_VECTORS: readonly { readonly input: string; readonly digest: string }[] = [
  { input: '', digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { input: 'abc', digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  {
    input: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    digest: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  },
];
