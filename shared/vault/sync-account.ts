/**
 * This vault's sync account (DESIGN.md §5, §6): the server it syncs with, the identity id (hash of
 * the identity chain's genesis), this device's id, and the identity genesis entry as signed, so an
 * interrupted "create sync account" resends the same bytes. None of it is a key, but it says where
 * and as whom the vault syncs, so it is sealed under the bundle key (readable only while unlocked,
 * and a local change to it does not open) instead of lying in storage in the clear.
 *
 *   plaintext = CBOR{ kind: "sync-account", v: 1, server, identity, device, identityGenesis,
 *                     collectionAppended, createdAt }
 *   AD        = CBOR{ kind: "sync-account-ad", v: 1, vault }   (vault = the personal collection id)
 *
 * Refuses: a server URL that is not an https origin, ids of the wrong length (BAD_INPUT on seal,
 * BAD_RECORD on open); a box that does not open (BAD_RECORD).
 */
import { open, seal } from '../crypto/aead';
import { decodeVersioned, encodeVersioned } from '../crypto/cbor-versioned';
import { wipe } from '../crypto/wipe';
import { VaultError } from '../protocol/errors';

export const SYNC_ACCOUNT_VERSION = 1;

const SCHEMA = {
  kind: 'sync-account',
  version: SYNC_ACCOUNT_VERSION,
  fields: {
    server: 'text',
    identity: 'bytes',
    device: 'bytes',
    identityGenesis: 'bytes',
    collectionAppended: 'bool',
    createdAt: 'uint',
  },
} as const;
const AD_SCHEMA = { kind: 'sync-account-ad', version: SYNC_ACCOUNT_VERSION, fields: { vault: 'text' } } as const;

export interface SyncAccount {
  /** The server's origin, `https://host[:port]`. */
  server: string;
  identity: Uint8Array;
  device: Uint8Array;
  /** The identity chain's genesis as signed (resent as is when account creation is retried). */
  identityGenesis: Uint8Array;
  /** True once the server holds the personal collection's genesis. */
  collectionAppended: boolean;
  createdAt: number;
}

/** The https origin of `url`, or BAD_INPUT: no other scheme, no user name or password in it. */
export function syncServerOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new VaultError('BAD_INPUT', 'the server address is not a URL');
  }
  if (parsed.protocol !== 'https:') throw new VaultError('BAD_INPUT', 'the server address must start with https://');
  if (parsed.username !== '' || parsed.password !== '') throw new VaultError('BAD_INPUT', 'the server address must not contain a user name or password');
  return parsed.origin;
}

function check(account: SyncAccount, code: 'BAD_INPUT' | 'BAD_RECORD'): void {
  const problem =
    account.identity.length !== 32 ? 'identity id must be 32 bytes' : account.device.length !== 16 ? 'device id must be 16 bytes' : null;
  if (problem !== null) throw new VaultError(code, problem);
  if (syncServerOrigin(account.server) !== account.server) throw new VaultError(code, 'server must be an https origin');
}

export function sealSyncAccount(bundleKey: Uint8Array, vault: string, account: SyncAccount): Uint8Array {
  check(account, 'BAD_INPUT');
  const plaintext = encodeVersioned(SCHEMA, { ...account });
  try {
    return seal(bundleKey, plaintext, encodeVersioned(AD_SCHEMA, { vault }));
  } finally {
    wipe(plaintext);
  }
}

export function openSyncAccount(bundleKey: Uint8Array, vault: string, sealed: Uint8Array): SyncAccount {
  let plaintext: Uint8Array;
  try {
    plaintext = open(bundleKey, sealed, encodeVersioned(AD_SCHEMA, { vault }));
  } catch {
    throw new VaultError('BAD_RECORD', 'the sync account does not open');
  }
  try {
    const account = decodeVersioned(SCHEMA, plaintext);
    check(account, 'BAD_RECORD');
    return account;
  } catch (error) {
    if (error instanceof VaultError && error.code === 'BAD_RECORD') throw error;
    throw new VaultError('BAD_RECORD', 'the sync account does not decode');
  } finally {
    wipe(plaintext);
  }
}
