/**
 * `useItemSearch(query, scope)`: the vault's summaries matching what is typed, asked on every
 * keystroke (the background's index answers in well under a frame); older answers that arrive late
 * are dropped.
 */
import { useEffect, useState } from 'react';
import type { Req, Res } from '../../../shared/protocol/messages';
import { send } from '../messaging';
import { useVault } from './useVault';

export type Scope = Req<'items/search'>['scope'];
export const SEARCH_LIMIT = 200;

export type SearchState =
  | { phase: 'loading' }
  | { phase: 'ready'; result: Res<'items/search'> }
  | { phase: 'failed'; code: string };

export function useItemSearch(query: string, scope: Scope, revision = 0): SearchState {
  const { fail } = useVault();
  const [state, setState] = useState<{ key: string; value: SearchState } | null>(null);
  const key = `${scope}\u0000${query}\u0000${revision}`;
  useEffect(() => {
    let live = true;
    send('items/search', { query: query.slice(0, 200), scope, limit: SEARCH_LIMIT })
      .then((result) => live && setState({ key, value: { phase: 'ready', result } }))
      .catch((error: unknown) => live && setState({ key, value: { phase: 'failed', code: fail(error) } }));
    return () => {
      live = false;
    };
  }, [key, query, scope, fail]);
  if (state === null) return { phase: 'loading' };
  // Keep showing the previous answer while the next one is on its way (no flicker while typing).
  return state.value;
}
