/**
 * The item shapes that cross the popup ↔ background boundary. A summary carries no secret value:
 * the list and search show summaries; a full item is fetched only when the user opens it.
 * The full item and draft schemas are the vault's own (shared/vault/item-types.ts).
 */
import { z } from 'zod';

export const ITEM_FLAGS = ['expired', 'rotation-due', 'expiring-soon', 'weak', 'reused'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

export const itemSummarySchema = z
  .object({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    subtitle: z.string(),
    folder: z.string().nullable(),
    tags: z.array(z.string()),
    favourite: z.boolean(),
    trashed: z.boolean(),
    hasTotp: z.boolean(),
    flags: z.array(z.enum(ITEM_FLAGS)),
    updatedAt: z.number(),
  })
  .strict();
export type ItemSummaryView = z.infer<typeof itemSummarySchema>;

export const itemIdSchema = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
