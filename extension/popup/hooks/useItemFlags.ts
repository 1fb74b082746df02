/**
 * `useItemFlags(id, name)`: an item's flags (expired, rotation due, weak, reused…) as the
 * background computes them for summaries, found by searching for the item's name.
 */
import { useEffect, useState } from 'react';
import type { ItemFlag } from '../../../shared/protocol/items';
import { send } from '../messaging';

export function useItemFlags(id: string, name: string | null, trashed: boolean, revision: number): readonly ItemFlag[] {
  const [found, setFound] = useState<{ key: string; flags: readonly ItemFlag[] } | null>(null);
  const key = `${id}\u0000${name ?? ''}\u0000${String(trashed)}\u0000${revision}`;
  useEffect(() => {
    if (name === null) return undefined;
    let live = true;
    send('items/search', { query: name.slice(0, 200), scope: trashed ? 'trash' : 'all', limit: 500 })
      .then(({ items }) => live && setFound({ key, flags: items.find((s) => s.id === id)?.flags ?? [] }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [id, name, trashed, key]);
  return found?.key === key ? found.flags : [];
}
