/**
 * zod fields for bytes carried in JSON and URLs as unpadded base64url (RFC 4648 §5; the one text
 * form of `shared/crypto/base64url.ts`). A field checks the alphabet, the exact text length for a
 * fixed byte length (or a maximum), and that the text is the canonical encoding (strict decode), so
 * every byte string has exactly one accepted text form. Pure: zod and the base64url codec only.
 */
import { z } from 'zod';
import { fromBase64url } from '../../crypto/base64url';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Text length of `bytes` bytes in unpadded base64url. */
export function base64urlLength(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

function canonical(text: string): boolean {
  try {
    fromBase64url(text);
    return true;
  } catch {
    return false;
  }
}

/** Exactly `bytes` bytes. */
export function fixedBytes(bytes: number) {
  return z.string().length(base64urlLength(bytes)).regex(ALPHABET).refine(canonical);
}

/** Between 1 and `maxBytes` bytes. */
export function boundedBytes(maxBytes: number) {
  return z.string().min(2).max(base64urlLength(maxBytes)).regex(ALPHABET).refine(canonical);
}

/** Identity (account) ids are SHA-256 hashes of the identity chain's genesis entry. */
export const ACCOUNT_ID_BYTES = 32;
/** Device and collection ids are random 128-bit values (shared/chains/entry.ts). */
export const DEVICE_ID_BYTES = 16;
export const COLLECTION_ID_BYTES = 16;

export const accountIdField = fixedBytes(ACCOUNT_ID_BYTES);
export const deviceIdField = fixedBytes(DEVICE_ID_BYTES);
export const collectionIdField = fixedBytes(COLLECTION_ID_BYTES);
