/**
 * `export <account> [--out FILE]`: everything the server stores for an account as one JSON document
 * (format `sealed-vault-account-export`, version 1; bytes in unpadded base64url, times in epoch ms):
 * the account row, its identity chain entries, devices with their signing keys, the counts of live
 * sessions and pending challenges (only token hashes and nonces are stored), heartbeats, its devices'
 * rate-limit windows, and every collection it is a member of or created, with the collection's
 * members, chain entries, and log size (batches and bytes, not the batches themselves: they are
 * ciphertext for the members, and the log is served by the API). Written with mode 0600.
 */
import { writeFile } from 'node:fs/promises';
import { toBase64url } from '../../shared/crypto/base64url';
import { keyFingerprint } from '../../shared/protocol/key-fingerprint';
import { readAccountInventory, type InventoryCollection } from '../db/account-inventory';
import type { VaultDatabase } from '../db/open-database';
import { CommandError } from './usage';

export const EXPORT_FORMAT = 'sealed-vault-account-export';
export const EXPORT_VERSION = 1;

async function collectionDetail(database: VaultDatabase, collection: InventoryCollection) {
  const id = Buffer.from(collection.collectionId);
  const members = await database.db.selectFrom('collection_members').select(['account_id', 'role']).where('collection_id', '=', id).orderBy('account_id').execute();
  const entries = await database.db.selectFrom('collection_chain_entries').select('entry').where('collection_id', '=', id).orderBy('seq').execute();
  return {
    id: toBase64url(collection.collectionId),
    role: collection.role,
    createdByAccount: collection.createdByAccount,
    members: members.map((member) => ({ account: toBase64url(member.account_id), role: member.role })),
    chain: { entries: entries.map((row) => toBase64url(row.entry)) },
    log: { seq: collection.seq, head: toBase64url(collection.head), batches: collection.batches, bytes: collection.logBytes, batchesByAccount: collection.batchesByAccount },
  };
}

export async function exportAccount(database: VaultDatabase, accountId: Uint8Array, now: number) {
  const inventory = await readAccountInventory(database, accountId, now);
  if (inventory === undefined) throw new CommandError('no such account');
  const collections = [];
  for (const collection of inventory.collections) collections.push(await collectionDetail(database, collection));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now,
    account: { id: toBase64url(accountId), createdAt: inventory.account.createdAt, frozenAt: inventory.account.frozenAt, deletedAt: inventory.account.deletedAt },
    identityChain: { head: toBase64url(inventory.identityChain.head), entries: inventory.identityChain.entries.map(toBase64url) },
    devices: inventory.devices.map((device) => ({
      id: toBase64url(device.deviceId),
      signingKey: toBase64url(device.signingKey),
      fingerprint: keyFingerprint(device.signingKey),
      revoked: device.revoked,
      frozenAt: device.frozenAt,
      lastSeenHour: device.lastSeenHour,
    })),
    sessions: inventory.sessions,
    challenges: inventory.challenges,
    heartbeats: inventory.heartbeats.map((beat) => ({ device: toBase64url(beat.deviceId), time: beat.time, heartbeat: toBase64url(beat.bytes) })),
    rateLimits: inventory.rateLimits.map((window) => ({ device: toBase64url(window.deviceId), windowStart: window.windowStart, count: window.count })),
    collections,
  };
}

export async function exportCommand(database: VaultDatabase, accountId: Uint8Array, out: string | undefined): Promise<string> {
  const text = `${JSON.stringify(await exportAccount(database, accountId, Date.now()), null, 2)}\n`;
  if (out === undefined) return text;
  await writeFile(out, text, { mode: 0o600, flag: 'wx' });
  return `wrote ${out}\n`;
}
