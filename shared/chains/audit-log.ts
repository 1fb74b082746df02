/**
 * The identity chain as an audit log (DESIGN.md §9 "Audit: the chains are the tamper-evident audit
 * log; they export as JSON and a documented command verifies them offline"). Three things:
 *
 * - `auditLines(entries)`: each entry as a person reads it: seq, op, who signed it (a device, named
 *   by id and key fingerprint, or the recovery key), the time it claims (a claim, never checked or
 *   used for order), and what it is about (the device added or revoked, the user-key generation);
 * - `exportAudit(entries)`: the JSON export: the exact entry bytes (base64url) that everything
 *   rests on, the identity id and head, and the readable lines for people;
 * - `verifyAuditExport(json)`: the offline check (scripts/verify-audit.ts): the export's shape, then
 *   the entries from the genesis with the rules every client applies (shared/chains/identity-chain.ts:
 *   decoding, signatures under "chain/v1", the hash chain, who may append at each position), the
 *   identity id (the genesis hash) and the head; the readable lines must be exactly the ones the
 *   entries give. The report says where it broke and why, with the machine code.
 *
 * Refuses nothing by throwing: `verifyAuditExport` returns `{ ok: false, error }` for any input.
 */
import { z } from 'zod';
import { fromBase64url, toBase64url } from '../crypto/base64url';
import { equalBytes } from '../crypto/constant-time';
import { VaultError } from '../protocol/errors';
import { keyFingerprint } from '../protocol/key-fingerprint';
import { keyOf } from './chain-link';
import { decodeEntry, entryHash } from './entry';
import { applyIdentityEntry, validateIdentityChain, type IdentityState } from './identity-chain';

export const AUDIT_EXPORT_KIND = 'sealed-vault-identity-audit';
export const AUDIT_EXPORT_VERSION = 1;

export interface AuditLine {
  readonly seq: number;
  readonly op: string;
  /** "device <id hex>" or "recovery key". */
  readonly by: string;
  /** The signer's key fingerprint (a device's signing key, or the recovery key's). */
  readonly byFingerprint: string;
  /** The time the entry claims, ISO 8601 (a claim). */
  readonly claimedAt: string;
  /** The device an add-device or revoke-device names (id hex), or the generation a rotation makes. */
  readonly subject: string | null;
}

/** The readable lines of a chain whose entries validated (each signer resolved at its position). */
export function auditLines(entries: readonly Uint8Array[]): AuditLine[] {
  const lines: AuditLine[] = [];
  let state: IdentityState | null = null;
  for (const bytes of entries) {
    const entry = decodeEntry(bytes);
    const { body } = entry;
    if (body.chain !== 'identity') throw new VaultError('BAD_CHAIN', 'not an identity chain entry');
    const before: IdentityState | null = state;
    state = applyIdentityEntry(state, entry);
    let by: string;
    let byFingerprint: string;
    if (body.op === 'genesis') {
      by = `device ${keyOf(body.args.deviceId)}`;
      byFingerprint = keyFingerprint(body.args.signingKey);
    } else if (body.author.by === 'recovery') {
      by = 'recovery key';
      byFingerprint = keyFingerprint(body.author.id);
    } else {
      by = `device ${keyOf(body.author.id)}`;
      byFingerprint = keyFingerprint(before?.devices.get(keyOf(body.author.id))?.signingKey ?? body.author.id);
    }
    const subject =
      body.op === 'add-device' || body.op === 'revoke-device' || body.op === 'genesis'
        ? keyOf(body.args.deviceId)
        : body.op === 'rotate-user-key'
          ? `generation ${body.args.generation}`
          : null;
    lines.push({ seq: body.seq, op: body.op, by, byFingerprint, claimedAt: new Date(body.time).toISOString(), subject });
  }
  return lines;
}

export interface AuditExport {
  readonly kind: typeof AUDIT_EXPORT_KIND;
  readonly v: typeof AUDIT_EXPORT_VERSION;
  /** The identity id (vault fingerprint), base64url: the hash of the genesis entry. */
  readonly identity: string;
  /** The hash of the last entry, base64url. */
  readonly head: string;
  /** The exact entry bytes, base64url, from the genesis. What the verification rests on. */
  readonly entries: readonly string[];
  /** For people: the entries as read (checked against `entries` by the verifier). */
  readonly log: readonly AuditLine[];
}

/** The export of a validated chain (validated again here: nothing unverified is exported). */
export function exportAudit(entries: readonly Uint8Array[]): AuditExport {
  const state = validateIdentityChain(entries);
  return {
    kind: AUDIT_EXPORT_KIND,
    v: AUDIT_EXPORT_VERSION,
    identity: toBase64url(state.identityId),
    head: toBase64url(state.head),
    entries: entries.map(toBase64url),
    log: auditLines(entries),
  };
}

const lineSchema = z
  .object({ seq: z.number().int().min(0), op: z.string(), by: z.string(), byFingerprint: z.string(), claimedAt: z.string(), subject: z.string().nullable() })
  .strict();
const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/);
const exportSchema = z
  .object({
    kind: z.literal(AUDIT_EXPORT_KIND),
    v: z.literal(AUDIT_EXPORT_VERSION),
    identity: base64url,
    head: base64url,
    entries: z.array(base64url).min(1).max(100_000),
    log: z.array(lineSchema),
  })
  .strict();

export interface AuditReport {
  readonly ok: boolean;
  readonly identity: string | null;
  /** Entries that verified (all of them when ok). */
  readonly verified: number;
  readonly lines: readonly AuditLine[];
  /** Devices trusted and revoked at the head (id hex), when ok. */
  readonly trusted: readonly string[];
  readonly revoked: readonly string[];
  readonly error: { readonly code: string; readonly message: string } | null;
}

function failed(code: string, message: string, identity: string | null = null, verified = 0): AuditReport {
  return { ok: false, identity, verified, lines: [], trusted: [], revoked: [], error: { code, message } };
}

/** How many leading entries validate (for the report when a later one breaks a rule). */
function validPrefix(entries: readonly Uint8Array[]): number {
  let state: IdentityState | null = null;
  for (let i = 0; i < entries.length; i++) {
    try {
      state = applyIdentityEntry(state, decodeEntry(entries[i] ?? new Uint8Array()));
    } catch {
      return i;
    }
  }
  return entries.length;
}

/** Verify an export (parsed JSON) offline with the clients' rules; never throws. */
export function verifyAuditExport(json: unknown): AuditReport {
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) return failed('BAD_ENCODING', `not an identity-chain audit export of version ${AUDIT_EXPORT_VERSION}: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  const data = parsed.data;
  const entries = data.entries.map((text) => fromBase64url(text));
  let state: IdentityState;
  try {
    state = validateIdentityChain(entries, fromBase64url(data.identity));
  } catch (error) {
    const code = error instanceof VaultError ? error.code : 'BAD_CHAIN';
    const message = error instanceof Error ? error.message : 'the chain does not verify';
    return failed(code, message, data.identity, validPrefix(entries));
  }
  const identity = toBase64url(state.identityId);
  if (!equalBytes(entryHash(entries[entries.length - 1] ?? new Uint8Array()), fromBase64url(data.head))) {
    return failed('FORK', 'the head is not the hash of the last entry', identity, entries.length);
  }
  const lines = auditLines(entries);
  if (JSON.stringify(lines) !== JSON.stringify(data.log)) {
    return failed('BAD_ENCODING', 'the readable log does not match the signed entries', identity, entries.length);
  }
  const devices = [...state.devices.values()];
  return {
    ok: true,
    identity,
    verified: entries.length,
    lines,
    trusted: devices.filter((d) => d.status === 'trusted').map((d) => keyOf(d.deviceId)),
    revoked: devices.filter((d) => d.status === 'revoked').map((d) => keyOf(d.deviceId)),
    error: null,
  };
}
