/**
 * Item summaries: what the list, search and dashboards show about an item without opening it.
 *
 * A summary never contains a secret value (`secretFieldsOf`, hidden custom fields), nor notes or
 * card numbers beyond their last four digits; opening an item and revealing a secret are separate,
 * on-demand steps. Flags (DESIGN.md §9): a machine secret or card is `expired` once its expiry is
 * past, `expiring-soon` within `EXPIRING_SOON_MS` before it, `rotation-due` once its rotation date
 * is past; `weak` and `reused` come from `strength.ts`.
 */
import { cardLast4 } from './card';
import { isMachineSecret, type Item, type ItemType } from './item-types';
import { loginUrlHost } from './login-url';
import type { PasswordFlags } from './strength';

export const ITEM_FLAGS = ['expired', 'rotation-due', 'expiring-soon', 'weak', 'reused'] as const;
export type ItemFlag = (typeof ITEM_FLAGS)[number];

export const EXPIRING_SOON_MS = 14 * 24 * 60 * 60 * 1000;

export interface ItemSummary {
  readonly id: string;
  readonly type: ItemType;
  readonly name: string;
  /** A non-secret second line: username, service, host, cardholder and last four digits… */
  readonly subtitle: string;
  readonly folder: string | null;
  readonly tags: readonly string[];
  readonly favourite: boolean;
  readonly trashed: boolean;
  readonly hasTotp: boolean;
  /** In `ITEM_FLAGS` order. */
  readonly flags: readonly ItemFlag[];
  readonly updatedAt: number;
}

/** A summary plus the login's URL hosts, which search matches but the list does not show. */
export interface SearchEntry {
  readonly summary: ItemSummary;
  readonly hosts: readonly string[];
}

/** The distinct hosts of a login's URLs. */
export function loginHostsOf(item: Item): string[] {
  if (item.type !== 'login') return [];
  const hosts = item.urls.map((u) => loginUrlHost(u.url)).filter((h): h is string => h !== null);
  return [...new Set(hosts)];
}

function subtitleOf(item: Item): string {
  switch (item.type) {
    case 'login':
      return item.username || (loginHostsOf(item)[0] ?? '');
    case 'note':
      return '';
    case 'card':
      return [item.cardholder, `•••• ${cardLast4(item.number)}`].filter(Boolean).join(' · ');
    case 'identity':
      return `${item.firstName} ${item.lastName}`.trim() || item.email || item.company;
    case 'api-key':
    case 'token':
      return item.service || item.owner;
    case 'ssh-key':
      return item.fingerprint;
    case 'certificate':
      return item.subject;
    case 'database': {
      const where = `${item.username ? `${item.username}@` : ''}${item.host}${item.port === undefined ? '' : `:${item.port}`}`;
      return [item.engine, where].filter(Boolean).join(' · ');
    }
  }
}

/** When an item stops being valid, if it has such a date: expiresAt, or the end of a card's month. */
function expiryOf(item: Item): number | undefined {
  if (isMachineSecret(item)) return item.expiresAt;
  if (item.type === 'card' && item.expYear !== undefined && item.expMonth !== undefined) {
    return Date.UTC(item.expYear, item.expMonth, 1) - 1;
  }
  return undefined;
}

/** Date-based flags at `now`. */
export function dateFlagsOf(item: Item, now: number): ItemFlag[] {
  const flags: ItemFlag[] = [];
  const expiry = expiryOf(item);
  if (expiry !== undefined && expiry < now) flags.push('expired');
  if (isMachineSecret(item) && item.rotateAt !== undefined && item.rotateAt < now) flags.push('rotation-due');
  if (expiry !== undefined && expiry >= now && expiry - now <= EXPIRING_SOON_MS) flags.push('expiring-soon');
  return flags;
}

/** The list and search view of an item at `now`. */
export function summarize(item: Item, now: number, passwordFlags?: PasswordFlags): ItemSummary {
  const flags = new Set<ItemFlag>([...dateFlagsOf(item, now), ...(passwordFlags?.get(item.id) ?? [])]);
  return {
    id: item.id,
    type: item.type,
    name: item.name,
    subtitle: subtitleOf(item),
    folder: item.folder ?? null,
    tags: [...item.tags],
    favourite: item.favourite,
    trashed: item.trashedAt !== null,
    hasTotp: item.type === 'login' && item.totp !== undefined,
    flags: ITEM_FLAGS.filter((f) => flags.has(f)),
    updatedAt: item.updatedAt,
  };
}

/** The summary and the hosts search should match, in one step. */
export function searchEntryOf(item: Item, now: number, passwordFlags?: PasswordFlags): SearchEntry {
  return { summary: summarize(item, now, passwordFlags), hosts: loginHostsOf(item) };
}
