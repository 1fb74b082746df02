/**
 * One item: its fields with Copy buttons, secrets masked until revealed (and dropped from state when
 * hidden or when the screen closes), the login's one-time code, password history, flags, and the
 * actions Edit, Move to trash, Restore and Delete forever. Copies are cleared by the background.
 */
import { useCallback, useState } from 'react';
import type { ItemSummaryView } from '../../../shared/protocol/items';
import { describeError } from '../error-messages';
import { FillHereButton } from '../components/FillHereButton';
import { FlagBadges } from '../components/FlagBadges';
import { HistoryList } from '../components/HistoryList';
import { ItemActions } from '../components/ItemActions';
import { ItemFields } from '../components/ItemFields';
import { ScreenHeader } from '../components/ScreenHeader';
import { ITEM_TYPE_LABELS } from '../item-fields';
import { useClipboard } from '../hooks/useClipboard';
import { useItem } from '../hooks/useItem';
import { useItemFlags } from '../hooks/useItemFlags';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

interface ItemScreenProps {
  id: string;
  summary?: ItemSummaryView | undefined;
  onBack: (notice?: string) => void;
  onEdit: () => void;
}

export function ItemScreen({ id, onBack, onEdit }: ItemScreenProps) {
  const { fail } = useVault();
  const [revision, setRevision] = useState(0);
  const { state, readSecret, readHistory } = useItem(id, revision);
  const [revealed, setRevealed] = useState<Readonly<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const clipboard = useClipboard();
  const readSeed = useCallback(() => readSecret('totp'), [readSecret]);
  const item = state.phase === 'ready' ? state.view.item : null;
  const flags = useItemFlags(id, revision);

  const toggle = (key: string) => {
    if (revealed[key] !== undefined) {
      const { [key]: _hidden, ...rest } = revealed;
      return setRevealed(rest);
    }
    readSecret(key)
      .then((value) => setRevealed((current) => ({ ...current, [key]: value })))
      .catch((error: unknown) => setMessage(describeError(fail(error))));
  };
  const act = async (run: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    try {
      await run();
      after();
    } catch (error) {
      setMessage(describeError(fail(error)));
    } finally {
      setBusy(false);
    }
  };
  const reload = (notice: string) => () => {
    setRevealed({});
    setRevision((n) => n + 1);
    setMessage(notice);
  };

  return (
    <main className="screen item-screen">
      <ScreenHeader title={item?.name ?? (state.phase === 'failed' ? 'Item' : 'Opening item…')} onBack={() => onBack()}>
        {item === null ? null : (
          <div className="item-meta">
            <span className="muted">{ITEM_TYPE_LABELS[item.type]}</span>
            {item.folder === undefined ? null : <span className="muted"> · {item.folder}</span>}
            {item.trashedAt === null ? null : <span className="badge badge-warning">In trash</span>}
            <FlagBadges flags={flags} />
            {item.tags.length === 0 ? null : <p className="muted small">Tags: {item.tags.join(', ')}</p>}
          </div>
        )}
      </ScreenHeader>
      {state.phase === 'failed' ? (
        <p role="alert" className="form-error">
          {describeError(state.code)}
        </p>
      ) : null}
      {state.phase === 'ready' && item !== null ? (
        <>
          {item.type === 'login' && item.trashedAt === null ? <FillHereButton id={id} /> : null}
          {item.trashedAt !== null ? null : (
            <button
              type="button"
              className="small favourite"
              aria-pressed={item.favourite}
              disabled={busy}
              onClick={() => act(() => send('items/save', { draft: { type: item.type, id, favourite: !item.favourite } }), reload(item.favourite ? 'Removed from favourites.' : 'Added to favourites.'))}
            >
              <span aria-hidden="true">{item.favourite ? '★ ' : '☆ '}</span>Favourite
            </button>
          )}
          <ItemFields
            view={state.view}
            revealed={revealed}
            onToggle={toggle}
            onCopySecret={(key, noun) => clipboard.copy(noun, () => readSecret(key))}
            onCopyText={(noun, value) => clipboard.copy(noun, value)}
            readSeed={readSeed}
          />
          <HistoryList key={revision} type={item.type} count={state.view.historyCount} read={readHistory} />
          <ItemActions
            name={item.name}
            trashed={item.trashedAt !== null}
            busy={busy}
            onEdit={onEdit}
            onTrash={() => act(() => send('items/trash', { id }), () => onBack('Item moved to trash.'))}
            onRestore={() => act(() => send('items/restore', { id }), reload('Item restored.'))}
            onDelete={() => act(() => send('items/delete', { id }), () => onBack('Item deleted forever.'))}
          />
        </>
      ) : null}
      <p role="status" className="status">
        {clipboard.message || message}
      </p>
    </main>
  );
}
