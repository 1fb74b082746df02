/**
 * The unlocked vault: search first (focused when the screen opens), then the results as a listbox,
 * the favourites/trash filter, and the buttons to add an item, open settings and lock.
 * ArrowDown in the search box moves into the list; Enter opens the first result.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { ItemSummaryView } from '../../../shared/protocol/items';
import { describeError } from '../error-messages';
import { AutofillPanel } from '../components/AutofillPanel';
import { ItemList } from '../components/ItemList';
import { FrozenBanner } from '../components/FrozenBanner';
import { RestoredNotice } from '../components/RestoredNotice';
import { RecoveryKitPrompt } from '../components/RecoveryKitSection';
import { RecoverySignedAlert } from '../components/RecoverySignedAlert';
import { ScopeFilter } from '../components/ScopeFilter';
import { SyncStatusLine } from '../components/SyncStatusLine';
import { useSyncState } from '../hooks/useSyncState';
import { useAutofill } from '../hooks/useAutofill';
import { useItemSearch, type Scope, type SearchState } from '../hooks/useItemSearch';
import { useVault } from '../hooks/useVault';
import { send } from '../messaging';

interface VaultScreenProps {
  query: string;
  onQuery: (query: string) => void;
  scope: Scope;
  onScope: (scope: Scope) => void;
  notice?: string | undefined;
  onOpen: (item: ItemSummaryView) => void;
  onAdd: () => void;
  onSettings: () => void;
  onSecurity?: () => void;
}

function countText(search: SearchState, query: string, scope: Scope): string {
  if (search.phase !== 'ready') return search.phase === 'loading' ? 'Searching…' : '';
  const { items, total } = search.result;
  if (total === 0 && query !== '') return 'Nothing matches your search.';
  if (total === 0) return scope === 'trash' ? 'The trash is empty.' : scope === 'favourites' ? 'No favourites yet.' : 'Your vault is empty. Choose “Add item” to save your first password.';
  if (items.length < total) return `Showing ${items.length} of ${total} items. Keep typing to narrow the list.`;
  return total === 1 ? '1 item' : `${total} items`;
}

export function VaultScreen(props: VaultScreenProps) {
  const vault = useVault();
  const [listRevision, setListRevision] = useState(0);
  const sync = useSyncState();
  // Items a sync brought in show up without reopening the popup: each sync is a new list revision.
  const lastSyncAt = sync.state.phase === 'ready' ? (sync.state.status.lastSyncAt ?? 0) : 0;
  const search = useItemSearch(props.query, props.scope, listRevision + lastSyncAt);
  const autofill = useAutofill();
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const items = search.phase === 'ready' ? search.result.items : [];

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && items.length > 0) {
      event.preventDefault();
      listRef.current?.querySelector<HTMLElement>('[role="option"]')?.focus();
    }
    const first = items[0];
    if (event.key === 'Enter' && first !== undefined) props.onOpen(first);
  };
  const lock = async () => {
    await send('vault/lock', {}).catch(() => undefined);
    vault.setState('locked');
  };

  const frozen = sync.state.phase === 'ready' ? sync.state.status.frozen : null;

  return (
    <main className="screen vault-screen">
      <h1 className="visually-hidden">Sealed Vault</h1>
      <RecoverySignedAlert revision={lastSyncAt} />
      {frozen === null ? null : <FrozenBanner frozen={frozen} sync={sync} />}
      {sync.state.phase === 'ready' ? <RestoredNotice count={sync.state.status.restored} sync={sync} /> : null}
      <div className="search-row">
        <label className="visually-hidden" htmlFor="vault-search">
          Search vault
        </label>
        <input
          id="vault-search"
          ref={searchRef}
          type="search"
          placeholder="Search vault"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={props.query}
          onChange={(e) => props.onQuery(e.target.value)}
          onKeyDown={onSearchKey}
        />
        <button type="button" className="primary" onClick={props.onAdd}>
          Add item
        </button>
      </div>
      <AutofillPanel autofill={autofill} onVaultChanged={() => setListRevision((r) => r + 1)} />
      <ScopeFilter scope={props.scope} onScope={props.onScope} />
      <p role="status" className="muted small count">
        {props.notice === undefined ? '' : `${props.notice} `}
        {countText(search, props.query, props.scope)}
      </p>
      {search.phase === 'failed' ? (
        <p role="alert" className="form-error">
          {describeError(search.code)}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ItemList
          label={props.scope === 'trash' ? 'Items in the trash' : 'Items'}
          items={items}
          onOpen={props.onOpen}
          onLeave={() => searchRef.current?.focus()}
          listRef={listRef}
        />
      ) : null}
      <div className="toolbar">
        <button type="button" onClick={props.onSettings}>
          Settings
        </button>
        {props.onSecurity === undefined ? null : (
          <button type="button" onClick={props.onSecurity}>
            Security
          </button>
        )}
        <button type="button" onClick={lock}>
          Lock
        </button>
      </div>
      <RecoveryKitPrompt />
      {sync.state.phase === 'ready' ? <SyncStatusLine status={sync.state.status} /> : null}
    </main>
  );
}
