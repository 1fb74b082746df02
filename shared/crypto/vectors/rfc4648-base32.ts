/**
 * Source: RFC 4648 (Base16, Base32, Base64), §10 "Test Vectors" for BASE32. Crockford's Base32 packs
 * bits exactly as RFC 4648 §6 and differs only in the alphabet, so each vector is re-spelled
 * character by character (value v of "A…Z2…7" becomes value v of "0…9A…Z" without I, L, O, U) and
 * the "=" padding is dropped; `rfc` keeps the RFC's own spelling for the test to re-spell.
 */
export const RFC4648_BASE32_VECTORS: readonly { readonly input: string; readonly rfc: string }[] = [
  { input: '', rfc: '' },
  { input: 'f', rfc: 'MY======' },
  { input: 'fo', rfc: 'MZXQ====' },
  { input: 'foo', rfc: 'MZXW6===' },
  { input: 'foob', rfc: 'MZXW6YQ=' },
  { input: 'fooba', rfc: 'MZXW6YTB' },
  { input: 'foobar', rfc: 'MZXW6YTBOI======' },
];
