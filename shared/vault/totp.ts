/**
 * TOTP seeds on logins: validation, normalisation and the current code (RFC 6238 over RFC 4226),
 * through the `otpauth` library.
 *
 * Accepts either an `otpauth://totp/...` key URI (Google Authenticator key URI format) or a bare
 * base32 secret (RFC 4648 §6; spaces, lowercase and padding tolerated on input, stored canonical).
 * Refuses `otpauth://hotp` (counter-based codes need state a synced vault cannot keep consistent),
 * secrets shorter than 80 bits (RFC 4226 §4 asks for at least 128; 80 is the common floor
 * in the wild) and anything otpauth cannot parse.
 */
import { Secret, TOTP, URI } from 'otpauth';
import { VaultError } from '../protocol/errors';

export const MIN_TOTP_SECRET_BYTES = 10;

/** The stored form of what a person pasted: URIs trimmed, base32 upper-cased without spaces or padding. */
export function normalizeTotp(input: string): string {
  const trimmed = input.trim();
  if (/^otpauth:/i.test(trimmed)) return trimmed;
  return trimmed.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
}

function parse(stored: string): TOTP {
  if (/^otpauth:/i.test(stored)) {
    const otp = URI.parse(stored);
    if (!(otp instanceof TOTP)) throw new Error('only otpauth://totp is supported');
    return otp;
  }
  if (!/^[A-Z2-7]+$/.test(stored)) throw new Error('not a base32 secret');
  return new TOTP({ secret: Secret.fromBase32(stored) });
}

/** Why a stored TOTP value is refused, or null when it parses and is long enough. */
export function totpProblem(stored: string): string | null {
  let otp: TOTP;
  try {
    otp = parse(stored);
  } catch (error) {
    return error instanceof Error && error.message.startsWith('only') ? error.message : 'is neither an otpauth://totp URI nor a base32 secret';
  }
  if (otp.secret.bytes.length < MIN_TOTP_SECRET_BYTES) return `secret must be at least ${MIN_TOTP_SECRET_BYTES * 8} bits`;
  return null;
}

/** The code valid at `now` (epoch ms) and how long it stays valid, for the popup's countdown. */
export function totpCode(stored: string, now: number): { code: string; period: number; remainingMs: number } {
  const problem = totpProblem(stored);
  if (problem !== null) throw new VaultError('BAD_INPUT', `TOTP ${problem}`);
  const otp = parse(stored);
  const periodMs = otp.period * 1000;
  return { code: otp.generate({ timestamp: now }), period: otp.period, remainingMs: periodMs - (now % periodMs) };
}
