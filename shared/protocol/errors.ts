/**
 * The one catalog of machine error codes shared by the extension, the server and the tests.
 *
 * Every failure that crosses a module edge is a `VaultError` carrying one of these codes; the
 * popup maps codes to user-facing wording, the server maps them to HTTP statuses. Messages here are
 * for developers and logs and never contain secrets.
 */

export const ERROR_CODES = [
  // crypto and encoding
  'KDF_TOO_WEAK',
  'BAD_INPUT',
  'DECRYPT_FAILED',
  'BAD_SIGNATURE',
  'BAD_ENCODING',
  'UNKNOWN_VERSION',
  'KEY_COMMITMENT_MISMATCH',
  // chains (DESIGN.md §5): an entry that breaks a chain rule other than who may sign it
  'BAD_CHAIN',
  // vault
  'WRONG_PASSWORD',
  'WRONG_PASSKEY',
  'LOCKED',
  'NO_VAULT',
  'VAULT_EXISTS',
  'NOT_FOUND',
  'INVALID_ITEM',
  'WEAK_PASSWORD',
  // import and export
  'IMPORT_FORMAT',
  // messaging
  'UNKNOWN_MESSAGE',
  'MALFORMED_MESSAGE',
  'FORBIDDEN_SENDER',
  'INTERNAL',
  // sync states (DESIGN.md §6)
  'ROLLBACK',
  'FORK',
  'OMISSION',
  'REPLAY',
  'UNTRUSTED_WRITER',
  'STALE',
  'BAD_RECORD',
  // server
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'BAD_CONFIG',
  // an operator froze the account or device (docs/incident-response.md): refused until unfrozen
  'FROZEN',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A typed failure with a machine code. */
export class VaultError extends Error {
  override readonly name = 'VaultError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
