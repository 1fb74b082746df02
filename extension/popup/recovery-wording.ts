/**
 * What the popup says about recovery kits and restores, keyed by error code (docs/recovery-ui.md).
 * Each refusal says what went wrong and what to do; nothing was stored when a kit is refused.
 */
import { describeError } from './error-messages';

const RESTORE_ERRORS: Record<string, string> = {
  BAD_ENCODING: 'This kit does not check out: a character is mistyped or missing. Compare it with your saved kit, group by group. Nothing was stored.',
  UNKNOWN_VERSION: 'This kit was made by a newer version of Sealed Vault. Update the extension, then try again. Nothing was stored.',
  NOT_FOUND: 'This server holds no vault for this kit. Check the server address, or this kit belongs to another vault. Nothing was stored.',
  FORK: 'This kit belongs to another vault than the one this server shows. Nothing was stored.',
  UNTRUSTED_WRITER: 'This kit no longer works: it was replaced by a newer kit or revoked. Use your newest kit. Nothing was stored.',
  VAULT_EXISTS: 'This browser already has a vault. A restore needs a browser without one.',
  FORBIDDEN_SENDER: 'The extension may not reach that server: the permission was not given.',
  UNAVAILABLE: 'The server could not be reached. Check the address and try again.',
  FROZEN: 'The server has frozen this account. Ask its operator.',
  CONFLICT: 'The vault changed on the server while restoring. Start again with the kit that works now (your old one, or the new one if the restore got that far).',
  UNAUTHORIZED: 'The server refused the restored device. Start again.',
  RATE_LIMITED: 'The server is busy. Wait a minute, then try again.',
};

export function restoreError(code: string): string {
  return RESTORE_ERRORS[code] ?? describeError(code);
}

const KIT_ERRORS: Record<string, string> = {
  BAD_ENCODING: 'That is not what the kit says. Look at the group again in what you saved (the text file, the printout or your notes).',
  NOT_FOUND: 'The kit shown was forgotten (the extension restarted). Make a new one.',
  UNAVAILABLE: 'The server could not be reached. The kit is kept and registered at the next sync.',
};

export function kitError(code: string): string {
  return KIT_ERRORS[code] ?? describeError(code);
}

export const KIT_WARNING =
  'Anyone who has this kit can take over your vault: it replaces your devices and opens every item. Keep it offline, like a spare key, and never type it into a website.';
