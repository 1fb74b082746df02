/**
 * Freezing a collection on a failed check (DESIGN.md §6 "On a failed check"): apply nothing, push
 * nothing, keep local data, and store the state with what was found and what the user should do,
 * until the user approves re-pinning (repin.ts). Every verification state freezes except
 * BAD_RECORD, which quarantines one record and lets sync go on; a chain the server serves that
 * breaks the chain rules or does not decode freezes as well.
 *
 * The advice is plain text for logs and for a popup that has no wording of its own for a code; the
 * popup's own wording, keyed by code, takes precedence (STYLE.md).
 */
import { VaultError } from '../../protocol/errors';
import type { FreezeCode, FrozenState } from './engine-state';

const ADVICE: Readonly<Record<FreezeCode, string>> = {
  ROLLBACK:
    'The server showed an older state than this device had already verified. Your local copy is kept. If the server was restored from a backup, compare the state code with another device, then approve re-pinning; otherwise export your vault and contact the server operator.',
  FORK: 'The server showed this device a history that differs from one it (or another device) already verified. Your local copy is kept. Compare the state code on your devices before approving re-pinning; export your vault if in doubt.',
  OMISSION:
    'The server is withholding changes that another device reports having made. Your local copy is kept. Sync again later; if this stays, compare state codes and contact the server operator before approving re-pinning.',
  REPLAY: 'The server served a change again that was already applied, or one signed for another collection. Your local copy is kept. Approve re-pinning only after comparing state codes with another device.',
  BAD_SIGNATURE:
    'The server served data that is not validly signed by any device. Your local copy is kept. This points to a tampered server; export your vault and contact the server operator.',
  UNTRUSTED_WRITER:
    'The server served changes from a device or person without the right to write them here (for example a revoked device). Your local copy is kept. Review the devices and members in the trust view before approving re-pinning.',
  STALE: 'A device has not been heard from for a long time. If it is lost or unused, revoke it in the trust view; approving re-pinning restarts the waiting period.',
  BAD_CHAIN:
    'The server served a device or member list that breaks the chain rules. Your local copy is kept. Export your vault and contact the server operator; approve re-pinning only if another device shows the same state code.',
  BAD_ENCODING:
    'The server served a device or member list this version cannot read. Your local copy is kept. Update the extension; if this stays, contact the server operator.',
  UNKNOWN_VERSION: 'The server served a device or member list in a format this version does not know. Your local copy is kept. Update the extension.',
};

/** The codes that freeze a collection. */
export const FREEZE_CODES: ReadonlySet<string> = new Set(Object.keys(ADVICE));

export function isFreezeCode(code: string): code is FreezeCode {
  return FREEZE_CODES.has(code);
}

/** True for a VaultError whose code freezes the collection. */
export function isFreezing(error: unknown): error is VaultError & { code: FreezeCode } {
  return error instanceof VaultError && isFreezeCode(error.code);
}

/** The frozen state for a freezing error found at `at`. */
export function frozenFrom(error: VaultError & { code: FreezeCode }, at: number): FrozenState {
  return { code: error.code, message: error.message, advice: ADVICE[error.code], at };
}

/** The refusal of a write or push while frozen. */
export function frozenError(frozen: FrozenState): VaultError {
  return new VaultError(frozen.code, `the collection is frozen (${frozen.code}): ${frozen.message}. Approve re-pinning first.`);
}
