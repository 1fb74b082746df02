/**
 * Padding plaintext to buckets before sealing, so a record's length does not fingerprint the site,
 * note or key inside it (DESIGN.md §6 "Records"; traffic metadata within a bucket stays visible).
 *
 * Layout: a 4-byte big-endian length of the data, the data, then zero bytes up to the bucket size.
 * Buckets: 256, 512, 1024, 2048, 4096 bytes, then every multiple of 4096 up to 1 MiB.
 *
 * Refuses: data longer than 1 MiB minus the prefix (BAD_INPUT) when padding; when unpadding, any
 * size that is not a bucket, a length prefix that does not fit, and any non-zero fill byte
 * (BAD_RECORD), so one plaintext has exactly one padded form.
 */
import { VaultError } from '../protocol/errors';

export const LENGTH_PREFIX_BYTES = 4;
export const SMALL_BUCKETS = [256, 512, 1024, 2048, 4096] as const;
export const BUCKET_STEP = 4096;
export const MAX_PADDED_BYTES = 1024 * 1024;
/** The largest plaintext that pads: 1 MiB less the length prefix. */
export const MAX_UNPADDED_BYTES = MAX_PADDED_BYTES - LENGTH_PREFIX_BYTES;

/** The bucket a padded record of `dataLength` bytes of data occupies. */
export function paddedLength(dataLength: number): number {
  if (!Number.isSafeInteger(dataLength) || dataLength < 0 || dataLength > MAX_UNPADDED_BYTES) {
    throw new VaultError('BAD_INPUT', `cannot pad ${dataLength} bytes: at most ${MAX_UNPADDED_BYTES}`);
  }
  const needed = dataLength + LENGTH_PREFIX_BYTES;
  for (const bucket of SMALL_BUCKETS) if (needed <= bucket) return bucket;
  return Math.ceil(needed / BUCKET_STEP) * BUCKET_STEP;
}

/** True when `size` is one of the bucket sizes. */
export function isBucketSize(size: number): boolean {
  if ((SMALL_BUCKETS as readonly number[]).includes(size)) return true;
  return Number.isSafeInteger(size) && size > BUCKET_STEP && size <= MAX_PADDED_BYTES && size % BUCKET_STEP === 0;
}

/** Length prefix, data, zero fill to the next bucket. */
export function pad(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(paddedLength(data.length));
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, LENGTH_PREFIX_BYTES);
  return out;
}

/** The data inside a padded record; refuses anything `pad` could not have produced. */
export function unpad(padded: Uint8Array): Uint8Array {
  if (!isBucketSize(padded.length)) throw new VaultError('BAD_RECORD', `padded length ${padded.length} is not a bucket`);
  const length = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  const end = LENGTH_PREFIX_BYTES + length;
  if (end > padded.length) throw new VaultError('BAD_RECORD', 'length prefix exceeds the record');
  if (paddedLength(length) !== padded.length) throw new VaultError('BAD_RECORD', 'record is padded to the wrong bucket');
  let fill = 0;
  for (let i = end; i < padded.length; i++) fill |= padded[i] ?? 0;
  if (fill !== 0) throw new VaultError('BAD_RECORD', 'padding is not all zero');
  return padded.slice(LENGTH_PREFIX_BYTES, end);
}
