/**
 * What the join page says for each refusal code of the new device's side of pairing (docs/pairing.md
 * §19): the invite (mistyped, newer version), the exchange (used, cancelled, answered twice, expired,
 * another vault, a bad signature) and the first sync (a server that shows another history). Each
 * message says what happened and what to do; none of them asks to retry what cannot work.
 */
import { describeError } from './error-messages';

const JOIN_ERRORS: Record<string, string> = {
  BAD_ENCODING:
    'This is not a valid invite: it was mistyped, cut short or changed. Scan the QR code again, or copy the whole invite text again from your other device.',
  UNKNOWN_VERSION: 'This invite comes from a newer version of Sealed Vault. Update the extension on this browser, then try again.',
  VAULT_EXISTS: 'This browser already has a vault. Joining another vault would merge the two, which Sealed Vault never does.',
  CONFLICT:
    'This invite cannot be used any more: it was already used, cancelled on your other device, or answered by another device too. Make a new invite on your other device.',
  STALE: 'The invite expired, or your other device did not answer in time (an invite lasts 5 minutes). Make a new invite on your other device.',
  FORK: 'The answer is for a different vault than the invite names. Nothing was joined. Make a new invite on your other device.',
  BAD_SIGNATURE: 'An answer did not check out: it was not made by the device that showed the invite. Nothing was joined.',
  BAD_INPUT: 'Your other device answered with something this invite did not expect (for example another server). Nothing was joined.',
  DECRYPT_FAILED: 'The keys your other device sent could not be opened. Nothing was joined.',
  KEY_COMMITMENT_MISMATCH: 'The keys your other device sent could not be opened. Nothing was joined.',
  LOCKED: 'None of the vault’s keys is sealed to this browser. Nothing was saved here.',
  BAD_CHAIN: 'The server’s copy of the vault’s history does not match what your other device handed over. Nothing was saved on this browser.',
  ROLLBACK: 'The server showed an older copy of the vault than your other device handed over. Nothing was saved on this browser.',
  UNTRUSTED_WRITER: 'The server’s copy of the vault’s history does not include this browser as a device. Nothing was saved on this browser.',
  OMISSION: 'The server left out part of the vault’s history. Nothing was saved on this browser.',
  REPLAY: 'The server sent the vault’s history out of order. Nothing was saved on this browser.',
  UNAVAILABLE: 'The sync server could not be reached. Check the connection, then try again.',
  FORBIDDEN_SENDER: 'The extension may not reach the server named in the invite: the permission was not given.',
  RATE_LIMITED: 'The server is busy. Wait a minute, then try again.',
};

export function joinError(code: string): string {
  return JOIN_ERRORS[code] ?? describeError(code);
}
