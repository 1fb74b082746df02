/**
 * Recovery kit (DESIGN.md §7): 128 random bits, a version, the vault fingerprint and a checksum,
 * shown once as text (to print or write down) and as a QR code. Whoever holds it can take the vault
 * over: it signs as the recovery key and opens the user key sealed to it (recovery-key.ts).
 *
 *   bytes = version (1 byte, 0x01) ‖ secret (16) ‖ fingerprint (32) ‖ CRC-32(previous 49 bytes) (4, LE)
 *   text  = Crockford base32 of the 53 bytes (85 characters), in 17 groups of 5 joined by "-"
 * (docs/pairing.md §6). The text survives being read off paper: decoding ignores case, spaces and
 * hyphens and reads I and L as 1 and O as 0; the CRC-32 then catches every single mistyped character
 * and every swap of two neighbours (crc32.ts). The QR code may carry the text (QR alphanumeric mode
 * holds it as is) or the bytes.
 *
 * Refuses: a checksum that does not match, i.e. a mistyped or damaged kit, a wrong length, a
 * character outside the alphabet (BAD_ENCODING); a version other than 1 (UNKNOWN_VERSION). That the
 * kit belongs to this vault and is still its recovery key is checked against the identity chain
 * (recovery-key.ts).
 */
import { fromCrockford, toCrockford } from '../crypto/base32-crockford';
import { equalBytes } from '../crypto/constant-time';
import { CRC32_LENGTH, crc32Suffix } from '../crypto/crc32';
import { randomBytes } from '../crypto/random';
import { VaultError } from '../protocol/errors';

export const KIT_VERSION = 1;
export const KIT_SECRET_LENGTH = 16;
export const KIT_FINGERPRINT_LENGTH = 32;
const BODY_LENGTH = 1 + KIT_SECRET_LENGTH + KIT_FINGERPRINT_LENGTH;
export const KIT_BYTES_LENGTH = BODY_LENGTH + CRC32_LENGTH;
const GROUP = 5;

export interface RecoveryKit {
  readonly version: typeof KIT_VERSION;
  /** 128 random bits; the whole secret of the kit. */
  readonly secret: Uint8Array;
  /** The identity id (hash of the identity chain's genesis) of the vault it recovers. */
  readonly fingerprint: Uint8Array;
}

/** A new kit with a fresh secret for the vault `fingerprint`. */
export function createRecoveryKit(fingerprint: Uint8Array): RecoveryKit {
  if (!(fingerprint instanceof Uint8Array) || fingerprint.length !== KIT_FINGERPRINT_LENGTH) {
    throw new VaultError('BAD_INPUT', `vault fingerprint must be ${KIT_FINGERPRINT_LENGTH} bytes`);
  }
  return { version: KIT_VERSION, secret: randomBytes(KIT_SECRET_LENGTH), fingerprint: new Uint8Array(fingerprint) };
}

/** The kit's 53 bytes, for a QR code. */
export function kitToBytes(kit: RecoveryKit): Uint8Array {
  if (kit.secret.length !== KIT_SECRET_LENGTH || kit.fingerprint.length !== KIT_FINGERPRINT_LENGTH) {
    throw new VaultError('BAD_INPUT', 'a recovery kit has a 16-byte secret and a 32-byte fingerprint');
  }
  const body = new Uint8Array([KIT_VERSION, ...kit.secret, ...kit.fingerprint]);
  return new Uint8Array([...body, ...crc32Suffix(body)]);
}

/** Decode the kit's bytes: checksum first (a mistyped kit), then version. */
export function kitFromBytes(bytes: Uint8Array): RecoveryKit {
  if (!(bytes instanceof Uint8Array) || bytes.length !== KIT_BYTES_LENGTH) {
    throw new VaultError('BAD_ENCODING', `a recovery kit is ${KIT_BYTES_LENGTH} bytes: this one is incomplete or too long`);
  }
  const body = bytes.subarray(0, BODY_LENGTH);
  if (!equalBytes(crc32Suffix(body), bytes.subarray(BODY_LENGTH))) {
    throw new VaultError('BAD_ENCODING', 'recovery kit checksum does not match: a character was mistyped or the kit is damaged');
  }
  if (bytes[0] !== KIT_VERSION) throw new VaultError('UNKNOWN_VERSION', `recovery kit version ${bytes[0] ?? '?'} is not ${KIT_VERSION}`);
  return {
    version: KIT_VERSION,
    secret: new Uint8Array(bytes.subarray(1, 1 + KIT_SECRET_LENGTH)),
    fingerprint: new Uint8Array(bytes.subarray(1 + KIT_SECRET_LENGTH, BODY_LENGTH)),
  };
}

/** The kit as text to print: 17 groups of 5 characters. */
export function kitToText(kit: RecoveryKit): string {
  const text = toCrockford(kitToBytes(kit));
  const groups: string[] = [];
  for (let i = 0; i < text.length; i += GROUP) groups.push(text.slice(i, i + GROUP));
  return groups.join('-');
}

/** Decode kit text as typed or scanned: case, spaces and hyphens do not matter. */
export function kitFromText(text: string): RecoveryKit {
  if (typeof text !== 'string' || text.length > 200) throw new VaultError('BAD_ENCODING', 'a recovery kit is text of 85 characters');
  const compact = text.replace(/[\s-]/g, '');
  return kitFromBytes(fromCrockford(compact));
}
