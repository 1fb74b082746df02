/**
 * `useItemFlags(id, revision)`: an item's flags (expired, rotation due, weak, reused…) exactly as
 * the background computes them for the list, asked again whenever the item changes.
 */
import { useEffect, useState } from 'react';
import type { ItemFlag } from '../../../shared/protocol/items';
import { send } from '../messaging';

export function useItemFlags(id: string, revision: number): readonly ItemFlag[] {
  const [found, setFound] = useState<{ key: string; flags: readonly ItemFlag[] } | null>(null);
  const key = `${id}\u0000${revision}`;
  useEffect(() => {
    let live = true;
    send('items/summary', { id })
      .then(({ summary }) => live && setFound({ key, flags: summary.flags }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, key]);
  return found?.key === key ? found.flags : [];
}
