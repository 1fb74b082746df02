/**
 * "Restored because another device edited it" (DESIGN.md §6 "Merge"): an item deleted here came back
 * because one of the person's other devices edited it after the delete; the edit wins, and the
 * person is told so until they dismiss the notice.
 */
import type { SyncHandle } from '../hooks/useSyncState';

export function RestoredNotice({ count, sync }: { count: number; sync: SyncHandle }) {
  if (count === 0) return null;
  return (
    <div className="restored-notice" role="group" aria-labelledby="restored-text">
      <p id="restored-text">
        {count === 1 ? '1 deleted item came back' : `${count} deleted items came back`} because another of your devices edited{' '}
        {count === 1 ? 'it' : 'them'} after the delete.
      </p>
      <button type="button" onClick={() => void sync.dismissRestored().catch(() => undefined)}>
        Dismiss
      </button>
    </div>
  );
}
