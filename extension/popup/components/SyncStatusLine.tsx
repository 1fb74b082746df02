/** One line under the vault's toolbar: last sync, changes waiting, and the state code. Nothing while sync is off. */
import type { SyncStatusView } from '../../../shared/protocol/messages';
import { syncSummary } from '../sync-wording';

export function SyncStatusLine({ status }: { status: SyncStatusView }) {
  if (status.phase === 'off') return null;
  return (
    <p className="muted small sync-line" role="status">
      {syncSummary(status)}
      {status.stateCode === null ? null : (
        <>
          {' · state code '}
          <code>{status.stateCode}</code>
        </>
      )}
    </p>
  );
}
