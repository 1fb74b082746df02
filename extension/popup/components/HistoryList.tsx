/**
 * An item's secret history ("Password history"), collapsed until opened. Opening fetches the old
 * values and shows them; closing drops them from state.
 */
import { useId, useState } from 'react';
import type { ItemType } from '../../../shared/protocol/messages';
import { formatDateTime } from '../dates';
import { fieldLabel } from '../item-fields';
import type { HistoryEntry } from '../hooks/useItem';

interface HistoryListProps {
  type: ItemType;
  count: number;
  read: () => Promise<HistoryEntry[]>;
}

export function HistoryList({ type, count, read }: HistoryListProps) {
  const id = useId();
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  if (count === 0) return null;
  const toggle = () => {
    if (entries !== null) return setEntries(null);
    read()
      .then((list) => {
        setFailed(false);
        setEntries(list);
      })
      .catch(() => setFailed(true));
  };
  return (
    <section className="history">
      <h2>
        <button type="button" className="disclosure" aria-expanded={entries !== null} aria-controls={id} onClick={toggle}>
          <span aria-hidden="true">{entries === null ? '▸ ' : '▾ '}</span>
          Password history
        </button>
      </h2>
      <p className="muted small">
        {count === 1 ? '1 earlier value' : `${count} earlier values`}
        {failed ? '. They could not be read.' : ''}
      </p>
      <ol id={id} className="plain history-list" hidden={entries === null}>
        {(entries ?? []).map((entry, i) => (
          <li key={`${entry.changedAt}-${i}`}>
            <span className="muted small">
              {fieldLabel(type, entry.field)}, until {formatDateTime(entry.changedAt)}
            </span>
            <span className="value mono">{entry.value}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
