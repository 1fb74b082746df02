/**
 * Ids as operators type them on the admin command line: an account id (32 bytes) or a device id
 * (16 bytes) in unpadded base64url, the form of the API and the logs, or in hex. Anything else is
 * a usage error naming the argument, never a guess.
 */
import { fromBase64url } from '../../shared/crypto/base64url';
import { ACCOUNT_ID_BYTES, DEVICE_ID_BYTES } from '../../shared/protocol/api/bytes-field';
import { UsageError } from './usage';

function parseId(text: string, bytes: number, what: string): Uint8Array {
  if (text.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(text)) return new Uint8Array(Buffer.from(text, 'hex'));
  try {
    const decoded = fromBase64url(text);
    if (decoded.length === bytes) return decoded;
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`${what} must be ${bytes} bytes in base64url or hex`);
}

export const parseAccountId = (text: string | undefined): Uint8Array => parseId(text ?? '', ACCOUNT_ID_BYTES, 'an account id');
export const parseDeviceId = (text: string | undefined): Uint8Array => parseId(text ?? '', DEVICE_ID_BYTES, 'a device id');
