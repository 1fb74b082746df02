/**
 * Item plaintext: the bytes that are padded (`padding.ts`) and sealed into a record (DESIGN.md §6).
 *
 * JSON (RFC 8259) in UTF-8 through TextEncoder. Not canonical CBOR on purpose: these bytes are only
 * ever AEAD-encrypted, never signed or used as associated data, so their exact form carries no
 * security weight; what matters is that decoding accepts only what `itemSchema` accepts.
 *
 * Refuses: encoding an item that fails `itemSchema` (INVALID_ITEM) or whose encoding would not fit
 * the largest padding bucket (INVALID_ITEM); decoding anything that is not UTF-8 JSON of a valid
 * item, including unknown fields (BAD_RECORD: the record is quarantined, not repaired).
 */
import { VaultError } from '../protocol/errors';
import { itemSchema, type Item } from './item-types';
import { MAX_UNPADDED_BYTES } from './padding';

function issueSummary(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid' : `${issue.path.map(String).join('.') || 'item'}: ${issue.message}`;
}

/** UTF-8 JSON of a valid item. */
export function encodeItem(item: Item): Uint8Array {
  const checked = itemSchema.safeParse(item);
  if (!checked.success) throw new VaultError('INVALID_ITEM', issueSummary(checked.error));
  const bytes = new TextEncoder().encode(JSON.stringify(checked.data));
  if (bytes.length > MAX_UNPADDED_BYTES) {
    throw new VaultError('INVALID_ITEM', `item encodes to ${bytes.length} bytes, above the ${MAX_UNPADDED_BYTES}-byte record limit`);
  }
  return bytes;
}

/** The item in a record's plaintext; anything else is a bad record. */
export function decodeItem(bytes: Uint8Array): Item {
  if (bytes.length > MAX_UNPADDED_BYTES) throw new VaultError('BAD_RECORD', 'item plaintext is too large');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new VaultError('BAD_RECORD', 'item plaintext is not UTF-8 JSON');
  }
  const checked = itemSchema.safeParse(value);
  if (!checked.success) throw new VaultError('BAD_RECORD', `item does not validate: ${issueSummary(checked.error)}`);
  return checked.data;
}
