import { describe, expect, it } from 'vitest';
import { randomBytes } from '../crypto/random';
import { fingerprintText } from './fingerprint-text';

describe('vault fingerprint as shown to people', () => {
  it('shows 80 bits as four groups of four unambiguous characters', () => {
    expect(fingerprintText(new Uint8Array(32))).toBe('0000-0000-0000-0000');
    expect(fingerprintText(new Uint8Array(32).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    expect(fingerprintText(randomBytes(32))).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('refuses anything but a 32-byte fingerprint', () => {
    expect(() => fingerprintText(randomBytes(16))).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
