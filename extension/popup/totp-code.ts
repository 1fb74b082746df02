/**
 * The current TOTP code of a login (RFC 6238) through the `otpauth` library, from the stored seed:
 * an `otpauth://totp/...` URI or a bare base32 secret. Refuses HOTP URIs and anything unparseable
 * (null), as the vault does when it stores the seed.
 */
import { Secret, TOTP, URI } from 'otpauth';

export function totpFromSeed(seed: string): TOTP | null {
  try {
    if (/^otpauth:/i.test(seed)) {
      const otp = URI.parse(seed);
      return otp instanceof TOTP ? otp : null;
    }
    return new TOTP({ secret: Secret.fromBase32(seed.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase()) });
  } catch {
    return null;
  }
}

export interface TotpNow {
  code: string;
  /** Whole seconds until the code changes. */
  remaining: number;
  period: number;
}

export function totpNow(totp: TOTP, nowMs: number): TotpNow {
  const period = totp.period;
  const remaining = period - (Math.floor(nowMs / 1000) % period);
  return { code: totp.generate({ timestamp: nowMs }), remaining, period };
}

/** "123 456" for reading; the digits stay the code (spaces are not part of it). */
export function groupDigits(code: string): string {
  return code.length === 6 || code.length === 8 ? `${code.slice(0, code.length / 2)} ${code.slice(code.length / 2)}` : code;
}
