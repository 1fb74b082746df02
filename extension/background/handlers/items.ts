/**
 * Handlers for items: search, get, save, trash, restore, delete. The popup is an extension page,
 * so it may read full items; content scripts never reach these handlers (router policy).
 */
import { itemDraftSchema, itemSchema } from '../../../shared/vault/item-types';
import type { Handlers } from '../router';
import type { ItemService } from '../vault/item-service';

type ItemHandlers = Pick<Handlers, 'items/search' | 'items/get' | 'items/summary' | 'items/save' | 'items/trash' | 'items/restore' | 'items/delete'>;

export function itemHandlers(items: ItemService): ItemHandlers {
  return {
    'items/search': async ({ query, scope, limit }) => items.search(query, scope, limit),
    'items/get': async ({ id }) => ({ item: itemSchema.parse(await items.get(id)) }),
    'items/summary': async ({ id }) => ({ summary: await items.summary(id) }),
    'items/save': async ({ draft }) => ({ id: await items.save(itemDraftSchema.parse(draft)) }),
    'items/trash': async ({ id }) => {
      await items.trash(id);
      return {};
    },
    'items/restore': async ({ id }) => {
      await items.restore(id);
      return {};
    },
    'items/delete': async ({ id }) => {
      await items.remove(id);
      return {};
    },
  };
}
