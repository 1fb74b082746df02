/**
 * What a revoked (lost) device could read (issue 11 "I lost a device"; DESIGN.md §5 "Revocation
 * order"; docs/trust-view.md): every item of the vault it synced, trashed ones included (a trashed
 * item is still sealed to the old epoch key and synced), with how many earlier versions (history)
 * it held. Machine secrets (API keys, tokens, SSH keys, certificates, database credentials) come
 * first: they are the ones to rotate at their services first. Only names and types leave the
 * worker, never a secret value.
 */
import { MACHINE_SECRET_TYPES, type Item } from '../vault/item-types';

export interface ExposedItem {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly machine: boolean;
  readonly history: number;
  readonly trashed: boolean;
}

const isMachine = (type: string): boolean => (MACHINE_SECRET_TYPES as readonly string[]).includes(type);

/** The items in the order to act on them: machine secrets first, otherwise the vault's order kept. */
export function exposedItems(items: readonly Item[]): ExposedItem[] {
  return items
    .map((item) => ({ id: item.id, name: item.name, type: item.type, machine: isMachine(item.type), history: item.history.length, trashed: item.trashedAt !== null }))
    .sort((a, b) => Number(b.machine) - Number(a.machine));
}
