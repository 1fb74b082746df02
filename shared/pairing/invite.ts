/**
 * Pairing invite (DESIGN.md §7): what the trusted device shows as a QR code and as the same text,
 * after the master password is re-entered. It carries the version, the sync server's origin, a
 * random 128-bit invite id, a random 128-bit secret and the vault fingerprint (the identity id), and
 * a checksum so that a mistyped, truncated or damaged invite is refused before anything is sent.
 * Never a short code: the secret keeps its 128 bits (the pairing key k is derived from it).
 *
 *   text    = "vault-pair:v1:" ‖ base64url(payload ‖ CRC-32(payload))      (RFC 4648 §5, unpadded)
 *   payload = canonical CBOR { kind: "pair-invite", v: 1, server: text,
 *                              invite: bytes(16), secret: bytes(16), fingerprint: bytes(32) }
 * (docs/pairing.md §1; CRC-32 as in crc32.ts, little-endian). The checksum is a typo check only;
 * the invite is authenticated by the exchange, whose every message binds all of these fields.
 *
 * Decoding refuses: another prefix, text that is not base64url, a checksum that does not match, a
 * payload that is not the one canonical encoding of exactly these fields, wrong lengths, a server
 * that is not a canonical https origin (BAD_ENCODING); a version other than 1 (UNKNOWN_VERSION).
 */
import { fromBase64url, toBase64url } from '../crypto/base64url';
import { decodeVersioned, encodeVersioned } from '../crypto/cbor-versioned';
import { equalBytes } from '../crypto/constant-time';
import { CRC32_LENGTH, crc32Suffix } from '../crypto/crc32';
import { randomBytes } from '../crypto/random';
import { VaultError } from '../protocol/errors';
import { checkServerOrigin } from './server-origin';

export const INVITE_VERSION = 1;
export const INVITE_PREFIX = 'vault-pair:';
export const INVITE_ID_LENGTH = 16;
export const INVITE_SECRET_LENGTH = 16;
export const FINGERPRINT_LENGTH = 32;
/** Longer text is refused before decoding (a 256-character server gives about 450). */
export const MAX_INVITE_TEXT_LENGTH = 1024;

const INVITE_SCHEMA = {
  kind: 'pair-invite',
  version: INVITE_VERSION,
  fields: { server: 'text', invite: 'bytes', secret: 'bytes', fingerprint: 'bytes' },
} as const;

export interface Invite {
  readonly version: typeof INVITE_VERSION;
  /** The sync server's origin, e.g. https://vault.example.com. */
  readonly server: string;
  readonly inviteId: Uint8Array;
  /** 128 random bits; secret. */
  readonly secret: Uint8Array;
  /** The identity id (hash of the identity chain's genesis) of the vault being joined. */
  readonly fingerprint: Uint8Array;
}

function checkLength(bytes: Uint8Array, length: number, what: string, code: 'BAD_INPUT' | 'BAD_ENCODING'): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new VaultError(code, `${what} must be ${length} bytes`);
}

/** A new invite with a fresh invite id and secret, for the vault `fingerprint` on `server`. */
export function createInvite(server: string, fingerprint: Uint8Array): Invite {
  try {
    checkServerOrigin(server);
  } catch (error) {
    if (error instanceof VaultError) throw new VaultError('BAD_INPUT', error.message);
    throw error;
  }
  checkLength(fingerprint, FINGERPRINT_LENGTH, 'vault fingerprint', 'BAD_INPUT');
  return {
    version: INVITE_VERSION,
    server,
    inviteId: randomBytes(INVITE_ID_LENGTH),
    secret: randomBytes(INVITE_SECRET_LENGTH),
    fingerprint: new Uint8Array(fingerprint),
  };
}

/** The invite as text, for the QR code and for copying. */
export function encodeInvite(invite: Invite): string {
  checkLength(invite.inviteId, INVITE_ID_LENGTH, 'invite id', 'BAD_INPUT');
  checkLength(invite.secret, INVITE_SECRET_LENGTH, 'invite secret', 'BAD_INPUT');
  checkLength(invite.fingerprint, FINGERPRINT_LENGTH, 'vault fingerprint', 'BAD_INPUT');
  const payload = encodeVersioned(INVITE_SCHEMA, {
    server: invite.server,
    invite: invite.inviteId,
    secret: invite.secret,
    fingerprint: invite.fingerprint,
  });
  const body = new Uint8Array([...payload, ...crc32Suffix(payload)]);
  return `${INVITE_PREFIX}v${INVITE_VERSION}:${toBase64url(body)}`;
}

/** Everything after "vault-pair:v1:", or a refusal naming what is wrong with the prefix. */
function payloadText(text: string): string {
  if (!text.startsWith(INVITE_PREFIX)) throw new VaultError('BAD_ENCODING', 'not a pairing invite (it starts with "vault-pair:")');
  const rest = text.slice(INVITE_PREFIX.length);
  const version = /^v([0-9]{1,6}):/.exec(rest);
  if (version === null) throw new VaultError('BAD_ENCODING', 'pairing invite without a version ("vault-pair:v1:…")');
  if (version[0] !== `v${INVITE_VERSION}:`) {
    throw new VaultError('UNKNOWN_VERSION', `pairing invite version ${version[1] ?? '?'} is not ${INVITE_VERSION}`);
  }
  return rest.slice(version[0].length);
}

/** Decode invite text (surrounding whitespace from a paste is ignored), refusing anything damaged. */
export function decodeInvite(text: string): Invite {
  if (typeof text !== 'string') throw new VaultError('BAD_ENCODING', 'pairing invite must be text');
  const trimmed = text.trim();
  if (trimmed.length > MAX_INVITE_TEXT_LENGTH) throw new VaultError('BAD_ENCODING', 'pairing invite is too long');
  const body = fromBase64url(payloadText(trimmed));
  if (body.length <= CRC32_LENGTH) throw new VaultError('BAD_ENCODING', 'pairing invite is too short');
  const payload = body.subarray(0, body.length - CRC32_LENGTH);
  if (!equalBytes(crc32Suffix(payload), body.subarray(body.length - CRC32_LENGTH))) {
    throw new VaultError('BAD_ENCODING', 'pairing invite checksum does not match: it was mistyped, cut short or damaged');
  }
  const fields = decodeVersioned(INVITE_SCHEMA, payload);
  checkLength(fields.invite, INVITE_ID_LENGTH, 'invite id', 'BAD_ENCODING');
  checkLength(fields.secret, INVITE_SECRET_LENGTH, 'invite secret', 'BAD_ENCODING');
  checkLength(fields.fingerprint, FINGERPRINT_LENGTH, 'vault fingerprint', 'BAD_ENCODING');
  return {
    version: INVITE_VERSION,
    server: checkServerOrigin(fields.server),
    inviteId: fields.invite,
    secret: fields.secret,
    fingerprint: fields.fingerprint,
  };
}
