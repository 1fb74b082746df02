/**
 * `devices <account> [--json]`: an account's devices as the server knows them, for an operator
 * looking into an incident: device id, the fingerprint of its signing key (shared/protocol/
 * key-fingerprint.ts; the key itself with --json), revoked (by a signed identity-chain entry),
 * frozen (by an operator), the hour of its last sign-in and the claimed time of its newest
 * heartbeat. Device names are encrypted in the vaults and never reach the server.
 */
import { toBase64url } from '../../shared/crypto/base64url';
import { keyFingerprint } from '../../shared/protocol/key-fingerprint';
import { readAccountInventory } from '../db/account-inventory';
import type { VaultDatabase } from '../db/open-database';
import { CommandError } from './usage';

const iso = (time: number | null): string => (time === null ? '-' : new Date(time).toISOString().replace('.000Z', 'Z'));

export interface DeviceListing {
  readonly id: string;
  readonly signingKey: string;
  readonly fingerprint: string;
  readonly revoked: boolean;
  readonly frozenAt: number | null;
  readonly lastSeenHour: number | null;
  readonly lastHeartbeat: number | null;
}

export async function listDevices(database: VaultDatabase, accountId: Uint8Array): Promise<{ account: { frozenAt: number | null; deletedAt: number | null }; devices: DeviceListing[] }> {
  const inventory = await readAccountInventory(database, accountId, Date.now());
  if (inventory === undefined) throw new CommandError('no such account');
  const beats = new Map(inventory.heartbeats.map((beat) => [toBase64url(beat.deviceId), beat.time]));
  const devices = inventory.devices.map((device) => ({
    id: toBase64url(device.deviceId),
    signingKey: toBase64url(device.signingKey),
    fingerprint: keyFingerprint(device.signingKey),
    revoked: device.revoked,
    frozenAt: device.frozenAt,
    lastSeenHour: device.lastSeenHour,
    lastHeartbeat: beats.get(toBase64url(device.deviceId)) ?? null,
  }));
  return { account: { frozenAt: inventory.account.frozenAt, deletedAt: inventory.account.deletedAt }, devices };
}

export async function devicesCommand(database: VaultDatabase, accountId: Uint8Array, json: boolean): Promise<string> {
  const listing = await listDevices(database, accountId);
  if (json) return `${JSON.stringify({ account: { id: toBase64url(accountId), ...listing.account }, devices: listing.devices }, null, 2)}\n`;
  const state = listing.account.deletedAt !== null ? `deleted ${iso(listing.account.deletedAt)} (identity chain kept)` : listing.account.frozenAt !== null ? `frozen since ${iso(listing.account.frozenAt)}` : 'active';
  const header = ['device', 'fingerprint', 'revoked', 'frozen', 'last sign-in (hour)', 'last heartbeat (claimed)'];
  const rows = listing.devices.map((d) => [d.id, d.fingerprint, d.revoked ? 'yes' : 'no', d.frozenAt === null ? 'no' : iso(d.frozenAt), iso(d.lastSeenHour), iso(d.lastHeartbeat)]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [`account ${toBase64url(accountId)}: ${state}, ${listing.devices.length} device(s)`, line(header), ...rows.map(line), ''].join('\n');
}
