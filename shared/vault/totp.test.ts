import { describe, expect, it } from 'vitest';
import { VaultError } from '../protocol/errors';
import { normalizeTotp, totpCode, totpProblem } from './totp';

// RFC 6238 Appendix B: the SHA-1 secret "12345678901234567890" is GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP seeds', () => {
  it('computes the RFC 6238 Appendix B codes (SHA-1, 8 digits) from a key URI', () => {
    const uri = `otpauth://totp/Example:alice?secret=${RFC_SECRET}&digits=8&period=30&algorithm=SHA1`;
    expect(totpProblem(uri)).toBeNull();
    expect(totpCode(uri, 59_000).code).toBe('94287082');
    expect(totpCode(uri, 1_111_111_109_000).code).toBe('07081804');
    expect(totpCode(uri, 20_000_000_000_000).code).toBe('65353130');
  });

  it('computes 6-digit codes from a bare base32 secret with the countdown', () => {
    const { code, period, remainingMs } = totpCode(RFC_SECRET, 59_000);
    expect(code).toBe('287082');
    expect(period).toBe(30);
    expect(remainingMs).toBe(1_000);
  });

  it('normalises pasted base32: spaces, dashes, lowercase and padding', () => {
    expect(normalizeTotp(' gezd gnbv-gy3t qojq gezd gnbv gy3t qojq== ')).toBe(RFC_SECRET);
    expect(normalizeTotp(` otpauth://totp/x?secret=${RFC_SECRET} `)).toBe(`otpauth://totp/x?secret=${RFC_SECRET}`);
  });

  it('refuses HOTP URIs, garbage and short secrets', () => {
    expect(totpProblem(`otpauth://hotp/x?secret=${RFC_SECRET}&counter=0`)).toMatch(/only otpauth:\/\/totp/);
    expect(totpProblem('not a secret!')).toMatch(/neither/);
    expect(totpProblem('otpauth://totp/x')).toMatch(/neither/);
    expect(totpProblem('GEZDGNBV')).toMatch(/at least 80 bits/);
    expect(() => totpCode('nope', 0)).toThrow(VaultError);
  });
});
