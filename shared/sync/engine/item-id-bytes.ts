/**
 * Item ids between the vault's text form and a record's 16 header bytes: the vault names items by
 * 22 characters of unpadded base64url (RFC 4648 §5, shared/vault/item-id.ts); batch records carry
 * the 16 raw bytes (docs/formats.md §13). The Replica port and `recordChanges` use the text form.
 *
 * Refuses (BAD_INPUT) text that is not a canonical item id and bytes that are not 16 long.
 */
import { VaultError } from '../../protocol/errors';
import { base64Decode, base64UrlEncode } from '../../vault/base64';
import { ITEM_ID_BYTES, ITEM_ID_PATTERN } from '../../vault/item-id';

/** The 16 bytes of a canonical item id. */
export function itemIdBytes(itemId: string): Uint8Array {
  if (!ITEM_ID_PATTERN.test(itemId)) throw new VaultError('BAD_INPUT', 'not a canonical item id');
  return base64Decode(`${itemId.replace(/-/g, '+').replace(/_/g, '/')}==`);
}

/** The item id of 16 header bytes. */
export function itemIdText(bytes: Uint8Array): string {
  if (bytes.length !== ITEM_ID_BYTES) throw new VaultError('BAD_INPUT', `an item id is ${ITEM_ID_BYTES} bytes`);
  return base64UrlEncode(bytes);
}
