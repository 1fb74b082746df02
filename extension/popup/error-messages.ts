/**
 * User-facing wording for the machine error codes of shared/protocol/errors.ts.
 */
import type { ErrorCode } from '../../shared/protocol/errors';

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  KDF_TOO_WEAK: 'The key-derivation settings are weaker than this app allows.',
  WRONG_PASSWORD: 'That master password is not right. Nothing was changed.',
  LOCKED: 'The vault is locked. Unlock it first.',
  FORBIDDEN_SENDER: 'This request is not allowed from here.',
  MALFORMED_MESSAGE: 'The extension sent a request it could not understand. Try reopening the popup.',
  UNKNOWN_MESSAGE: 'The extension is out of date with itself. Reload it from chrome://extensions.',
  INTERNAL: 'The background service failed. Reopen the popup to try again.',
};

export function describeError(code: string): string {
  return MESSAGES[code as ErrorCode] ?? `Unexpected error (${code}).`;
}
