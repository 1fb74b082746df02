/**
 * Plain-language wording for sync: what each frozen state means and what to do (keyed by the
 * machine codes of shared/protocol/errors.ts), and the one-line status.
 */
import type { FreezeCodeView as FreezeCode, SyncStatusView } from '../../shared/protocol/messages';

const WHAT_HAPPENED: Record<FreezeCode, string> = {
  ROLLBACK: 'The sync server showed an older copy of your vault than it showed this browser before.',
  FORK: 'The sync server showed this browser a different history of your vault than it showed before.',
  OMISSION: 'The sync server is holding back changes that one of your devices made.',
  REPLAY: 'The sync server sent a change again that this browser had already applied, or one from another vault.',
  BAD_SIGNATURE: 'A change on the sync server does not carry a valid signature from one of your devices.',
  UNTRUSTED_WRITER: 'A change on the sync server was signed by a device that may not write to this vault.',
  STALE: 'One of your devices has not been heard from for a long time.',
  BAD_CHAIN: 'The list of devices and keys on the sync server breaks its rules.',
  BAD_ENCODING: 'The sync server sent data that is not in the expected form.',
  UNKNOWN_VERSION: 'The sync server sent data from a version this extension does not know.',
};

export function freezeTitle(code: FreezeCode): string {
  return code === 'STALE' ? 'Sync paused: a device is silent' : 'Sync stopped: the server cannot be trusted right now';
}

export function freezeExplanation(code: FreezeCode): string {
  return WHAT_HAPPENED[code];
}

export const FREEZE_ADVICE =
  'Your vault in this browser is unchanged and still works. Nothing is taken from or sent to the server until you decide. ' +
  'First save an encrypted backup. If you know why this happened (for example, the server was restored from a backup), ' +
  'approve re-pinning to trust what the server shows now. If you do not know why, do not re-pin: ask whoever runs your sync server.';

function time(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const ERRORS: Record<string, string> = {
  UNAVAILABLE: 'server not reachable, will retry',
  FORBIDDEN_SENDER: 'no permission to reach the server',
  UNAUTHORIZED: 'the server refused this device',
  RATE_LIMITED: 'the server asked to slow down, will retry',
  LOCKED: 'the vault locked during sync',
};

/** "Synced at 14:02 · 0 changes waiting" and the like. */
export function syncSummary(status: SyncStatusView): string {
  const waiting = `${status.pending} ${status.pending === 1 ? 'change' : 'changes'} waiting`;
  if (status.paused === true) return `Sync paused by you · ${waiting}`;
  if (status.phase === 'frozen') return `Sync stopped · ${waiting}`;
  if (status.phase === 'setting-up') return `Sync setup did not finish · ${waiting}`;
  if (status.phase === 'syncing') return `Syncing… · ${waiting}`;
  if (status.error !== null) return `Not synced: ${ERRORS[status.error] ?? `error ${status.error}`} · ${waiting}`;
  if (status.lastSyncAt === null) return `Not synced yet · ${waiting}`;
  return `${status.pending === 0 ? 'Synced' : 'Last synced'} at ${time(status.lastSyncAt)} · ${waiting}`;
}

