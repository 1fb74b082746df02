/**
 * Source: RFC 4648 (Base16, Base32, Base64), §10 "Test Vectors" for BASE64. The base64url alphabet
 * (§5) differs only in characters 62 and 63, which these inputs never produce, so the vectors hold for
 * base64url unchanged; our encoding omits the "=" padding (§3.2 allows this when the length is known).
 */
export const RFC4648_BASE64_VECTORS: readonly { readonly input: string; readonly padded: string }[] = [
  { input: '', padded: '' },
  { input: 'f', padded: 'Zg==' },
  { input: 'fo', padded: 'Zm8=' },
  { input: 'foo', padded: 'Zm9v' },
  { input: 'foob', padded: 'Zm9vYg==' },
  { input: 'fooba', padded: 'Zm9vYmE=' },
  { input: 'foobar', padded: 'Zm9vYmFy' },
];
