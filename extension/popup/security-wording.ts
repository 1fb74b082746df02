/**
 * Plain-language wording for security events (shared/security/security-event.ts), keyed by kind:
 * what happened and what to do. Events carry kinds, hex ids, counts and state codes only; this file
 * turns them into sentences without ever naming an item or showing a key.
 */
import type { FreezeCodeView } from '../../shared/protocol/messages';
import type { SecurityEvent } from '../../shared/security/security-event';
import { freezeExplanation } from './sync-wording';

const NOT_YOU = 'If this was not you or someone you trust, open “I lost a device” below and revoke the device responsible.';

const WORDS: Record<SecurityEvent['kind'], { what: (e: SecurityEvent) => string; todo: string }> = {
  'device-enrolled': { what: (e) => `A new device (${shortId(e.subject)}) was added to your vault.`, todo: NOT_YOU },
  'device-revoked': { what: (e) => `A device (${shortId(e.subject)}) was revoked: it can no longer sync.`, todo: 'Nothing, if you or another of your devices did this.' },
  'user-key-rotated': {
    what: (e) => `Your user key was rotated (generation ${e.count ?? '?'}).`,
    todo: 'Nothing: this happens after a device is revoked or when you rotate all keys.',
  },
  'recovery-key-set': { what: () => 'A recovery key was set for your vault.', todo: `Keep the recovery kit offline. ${NOT_YOU}` },
  'recovery-key-revoked': { what: () => 'Your recovery key was revoked.', todo: 'Make a new recovery kit if you have none.' },
  'recovery-key-used': {
    what: () => 'Your recovery key signed a change to your devices.',
    todo: 'If you did not recover your vault, your recovery kit has leaked: revoke unknown devices and make a new kit at once.',
  },
  'collection-key-rotated': { what: (e) => `A collection key was rotated (epoch ${e.count ?? '?'}).`, todo: 'Nothing: devices that were removed cannot read what is written from now on.' },
  'member-added': { what: (e) => `A member (${shortId(e.subject)}) was added to a collection.`, todo: 'Check with the collection’s owner if you do not expect this.' },
  'member-removed': { what: (e) => `A member (${shortId(e.subject)}) was removed from a collection.`, todo: 'Nothing, if this was expected.' },
  'member-role-changed': { what: (e) => `A member’s (${shortId(e.subject)}) role changed in a collection.`, todo: 'Check with the collection’s owner if you do not expect this.' },
  'bad-record': {
    what: (e) => `${e.count ?? 'Some'} ${e.count === 1 ? 'change' : 'changes'} signed by a device of this vault could not be opened and were set aside.`,
    todo: 'Sync goes on. If this repeats, the signing device may be faulty or compromised: consider revoking it.',
  },
  'sync-state': {
    what: (e) => (e.state !== undefined && isFreeze(e.state) ? `Sync stopped (${e.state}): ${freezeExplanation(e.state)}` : `Sync stopped (${e.state ?? 'unknown'}).`),
    todo: 'Your vault here is unchanged. Follow the banner on the main screen: save an encrypted backup, and re-pin only if you know why.',
  },
  'sequence-stalled': {
    what: (e) => `The server has not given this browser changes your other devices report (up to position ${e.count ?? '?'}).`,
    todo: 'Compare the state code on your devices. If they differ for long, export a backup and ask whoever runs your sync server.',
  },
  'sync-paused': { what: () => 'You paused sync on this device.', todo: 'Resume sync when you are ready.' },
  'sync-resumed': { what: () => 'You resumed sync on this device.', todo: 'Nothing.' },
};

const FREEZES = new Set(['ROLLBACK', 'FORK', 'OMISSION', 'REPLAY', 'BAD_SIGNATURE', 'UNTRUSTED_WRITER', 'STALE', 'BAD_CHAIN', 'BAD_ENCODING', 'UNKNOWN_VERSION']);
function isFreeze(state: string): state is FreezeCodeView {
  return FREEZES.has(state);
}

/** A short form of a hex id people can compare: "1a2b-3c4d". */
export function shortId(hex: string | undefined): string {
  if (hex === undefined) return 'unknown';
  return `${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}

export function eventWhat(event: SecurityEvent): string {
  return WORDS[event.kind].what(event);
}

export function eventTodo(event: SecurityEvent): string {
  return WORDS[event.kind].todo;
}

/** Who did it: "this device", "your recovery key", "device 1a2b-3c4d", or "the sync server's data". */
export function eventBy(event: SecurityEvent, thisDevice: string | null): string {
  if (event.byRecovery === true) return 'your recovery key';
  if (event.by === undefined) return event.kind === 'sync-paused' || event.kind === 'sync-resumed' ? 'this device' : 'found by this device';
  return event.by === thisDevice ? 'this device' : `device ${shortId(event.by)}`;
}
