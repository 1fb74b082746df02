import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { base64Decode, base64Encode, base64UrlEncode } from './base64';
import { ITEM_ID_PATTERN, newItemId } from './item-id';

const cryptoRandom = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('item ids', () => {
  it('are 22 URL-safe characters carrying 128 random bits', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newItemId(cryptoRandom)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(ITEM_ID_PATTERN);
    expect(newItemId(() => new Uint8Array(16).fill(0xff))).toBe('_____________________w');
  });

  it('refuses a random port that returns the wrong length', () => {
    expect(() => newItemId(() => new Uint8Array(8))).toThrow(VaultError);
  });
});

describe('base64 (RFC 4648)', () => {
  it('matches the RFC 4648 §10 test vectors', () => {
    const vectors: [string, string][] = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
    for (const [plain, encoded] of vectors) {
      expect(base64Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base64Decode(encoded))).toBe(plain);
    }
    expect(base64UrlEncode(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });

  it('refuses non-canonical input: bad characters, missing padding, non-zero trailing bits', () => {
    for (const bad of ['Zg', 'Zh==', 'Zm9v!', 'Zm 9v', 'Zg=']) {
      expect(() => base64Decode(bad)).toThrow(VaultError);
    }
  });
});
