/**
 * User-facing wording for the machine error codes of shared/protocol/errors.ts, and the code of
 * whatever a `send()` threw (a VaultError carries one; anything else is INTERNAL).
 */
import type { ErrorCode } from '../../shared/protocol/errors';

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  KDF_TOO_WEAK: 'The key-derivation settings are weaker than this app allows.',
  WRONG_PASSWORD: 'That master password is not right. Nothing was changed.',
  WRONG_PASSKEY: 'That passkey does not open this vault. Nothing was changed.',
  RATE_LIMITED: 'Too many failed unlock attempts. Wait a little, then try again.',
  WEAK_PASSWORD: 'That master password is too easy to guess. Choose a longer one.',
  LOCKED: 'The vault is locked. Unlock it first.',
  NO_VAULT: 'This browser has no vault yet.',
  VAULT_EXISTS: 'This browser already has a vault.',
  NOT_FOUND: 'That item no longer exists.',
  INVALID_ITEM: 'The item could not be saved: a field is not valid.',
  BAD_INPUT: 'One of the values is not valid.',
  BAD_RECORD: 'An item in the vault is damaged and could not be opened.',
  DECRYPT_FAILED: 'Something in the vault could not be decrypted.',
  FORBIDDEN_SENDER: 'This request is not allowed from here.',
  MALFORMED_MESSAGE: 'The extension sent a request it could not understand. Try reopening the popup.',
  UNKNOWN_MESSAGE: 'The extension is out of date with itself. Reload it from chrome://extensions.',
  INTERNAL: 'The background service failed. Reopen the popup to try again.',
};

export function describeError(code: string): string {
  return MESSAGES[code as ErrorCode] ?? `Unexpected error (${code}).`;
}

/** The machine code of a thrown value: a VaultError's code, else INTERNAL. */
export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'INTERNAL';
}

/** The developer message of a thrown value (used only where the popup parses a field name or a delay). */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : '';
}

/**
 * RATE_LIMITED wording with the wait when the background named one ("… Try again in 8 s.").
 */
export function describeRateLimit(error: unknown): string {
  const seconds = /in (\d+) s\b/.exec(errorDetail(error))?.[1];
  if (seconds === undefined) return describeError('RATE_LIMITED');
  return `Too many failed unlock attempts. Try again in ${seconds} ${seconds === '1' ? 'second' : 'seconds'}.`;
}
