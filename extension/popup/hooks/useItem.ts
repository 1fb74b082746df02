/**
 * `useItem(id)`: one item for the item view, with its secrets taken out before it reaches React
 * state. Secret values (passwords, keys, the TOTP seed, hidden custom fields) and the history are
 * fetched again only when the person reveals, copies or opens them, and live only as long as shown.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Item } from '../../../shared/protocol/messages';
import { customFieldKey, FIELDS, isSecretKind, secretValue } from '../item-fields';
import { send } from '../messaging';
import { useVault } from './useVault';

export type HistoryEntry = Item['history'][number];

export interface ItemView {
  /** The item with every secret value '' and no history. */
  item: Item;
  /** Keys (catalog keys, `custom:Name`) of the secrets that have a value. */
  secrets: ReadonlySet<string>;
  historyCount: number;
}

export type ItemState = { phase: 'loading' } | { phase: 'ready'; view: ItemView } | { phase: 'failed'; code: string };

export function redact(item: Item): ItemView {
  const secrets = new Set<string>();
  const copy: Record<string, unknown> = { ...item, history: [] };
  for (const spec of FIELDS[item.type]) {
    if (isSecretKind(spec.kind) && secretValue(item, spec.key) !== '') {
      secrets.add(spec.key);
      copy[spec.key] = '';
    }
  }
  copy.customFields = item.customFields.map((c) => {
    if (!c.hidden) return c;
    if (c.value !== '') secrets.add(customFieldKey(c.name));
    return { ...c, value: '' };
  });
  return { item: copy as Item, secrets, historyCount: item.history.length };
}

export function useItem(id: string, revision: number) {
  const { fail } = useVault();
  const [state, setState] = useState<{ key: string; value: ItemState } | null>(null);
  const key = `${id}\u0000${revision}`;
  useEffect(() => {
    let live = true;
    send('items/get', { id })
      .then(({ item }) => live && setState({ key, value: { phase: 'ready', view: redact(item) } }))
      .catch((error: unknown) => live && setState({ key, value: { phase: 'failed', code: fail(error) } }));
    return () => {
      live = false;
    };
  }, [id, key, fail]);

  const readSecret = useCallback(async (secret: string) => secretValue((await send('items/get', { id })).item, secret), [id]);
  const readHistory = useCallback(async () => [...(await send('items/get', { id })).item.history].reverse(), [id]);
  const current: ItemState = state === null || (state.key !== key && state.value.phase !== 'ready') ? { phase: 'loading' } : state.value;
  return { state: current, readSecret, readHistory };
}
