/**
 * The one message map between the popup, the content script and the background worker.
 *
 * Each entry names a message, its request and response types (as zod schemas, so the router can
 * refuse malformed requests at run time) and who may send it: `extension` (an extension page such as
 * the popup) or `content` (a content script, which may only ask about its own tab and frame; the
 * background takes the tab, frame and origin from Chrome's sender, never from the message).
 * Every schema is `.strict()`: unknown fields are refused.
 */
import { z } from 'zod';
import { itemDraftSchema, itemSchema } from '../vault/item-types';
import { contentMessages, type MessageSpec } from './content-messages';
import { deviceMessages } from './devices-messages';
import { joinMessages } from './join-messages';
import { fillOutcomeSchema } from './autofill';
import { itemIdSchema, itemSummarySchema } from './items';
import { recoveryMessages } from './recovery-messages';
import { securityMessages } from './security-messages';

export type { Item, ItemDraft, ItemType } from '../vault/item-types';
export type { RecoveryAlertView, RecoveryKitStatusView, RecoveryKitView, RestoreDeviceView, RestoreStatusView } from './recovery-messages';

export const vaultStateSchema = z.enum(['no-vault', 'locked', 'unlocked']);
export type VaultState = z.infer<typeof vaultStateSchema>;

const empty = z.object({}).strict();
const done = z.object({}).strict();
/** Master passwords are bounded so a hostile page cannot make the worker hash megabytes. */
const password = z.string().min(1).max(1024);

export const passwordAssessmentSchema = z
  .object({
    score: z.number().int().min(0).max(4),
    problem: z.string().nullable(),
    warning: z.string(),
    suggestions: z.array(z.string()),
  })
  .strict();
export type PasswordAssessment = z.infer<typeof passwordAssessmentSchema>;

/** A file for import travels as base64 (runtime messages carry JSON); 50 MiB at most. */
const fileBase64 = z.string().max(70 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/);

export const importRequestSchema = z
  .object({
    fileName: z.string().max(255),
    data: fileBase64,
    format: z.string().max(40).optional(),
    password: z.string().max(1024).optional(),
    keyFile: fileBase64.optional(),
  })
  .strict();

export const importPreviewSchema = z
  .object({
    format: z.string(),
    formatName: z.string(),
    total: z.number().int().min(0),
    byType: z.record(z.string(), z.number().int().min(0)),
    duplicates: z.number().int().min(0),
    folders: z.number().int().min(0),
    warnings: z.array(z.object({ entry: z.string(), message: z.string() }).strict()).max(100),
  })
  .strict();
export type ImportPreviewView = z.infer<typeof importPreviewSchema>;

const exportFileSchema = z.object({ fileName: z.string(), mimeType: z.string(), data: z.string() }).strict();

export const settingsSchema = z
  .object({
    autoLockMinutes: z.number().int().min(1).max(24 * 60),
    lockOnSystemLock: z.boolean(),
    clipboardClearSeconds: z.number().int().min(30).max(600),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

/** A tab named by the popup; the background still takes its origin from Chrome's senders. */
const tabId = z.number().int().min(0);

const candidateSchema = z
  .object({ id: itemIdSchema, name: z.string(), username: z.string(), kind: z.enum(['origin', 'domain']), lastUsedAt: z.number() })
  .strict();

export const autofillStatusSchema = z
  .object({
    /** The tab's top-frame origin as Chrome reported it, or null when no page of ours runs there. */
    origin: z.string().nullable(),
    candidates: z.object({ origin: z.array(candidateSchema), domain: z.array(candidateSchema), insecure: z.number().int() }).strict(),
    /** A submitted password waiting for the person's answer; never the password itself. */
    capture: z
      .object({ action: z.enum(['save', 'update']), host: z.string(), username: z.string(), itemName: z.string().nullable() })
      .strict()
      .nullable(),
    /** The last fill attempt in this tab (menu and shortcut report here). */
    last: fillOutcomeSchema.nullable(),
  })
  .strict();
export type AutofillStatus = z.infer<typeof autofillStatusSchema>;
export type FillCandidate = z.infer<typeof candidateSchema>;

/** Bytes as unpadded base64url (WebAuthn's own encoding of credential ids). */
const base64url = z.string().max(1400).regex(/^[A-Za-z0-9_-]*$/);
/** WebAuthn credential ids are at most 1023 bytes (WebAuthn Level 3 §4, "Credential ID"). */
const credentialId = base64url.min(22);

export const passkeySummarySchema = z.object({ credentialId, label: z.string(), createdAt: z.number() }).strict();
export type PasskeySummary = z.infer<typeof passkeySummarySchema>;
/** A passkey assertion's PRF output (32 bytes) for the worker to check (shared/vault/passkey-proof.ts). */
const passkeyProofSchema = z.object({ credentialId, prfOutput: base64url.length(43) }).strict();
/** "Require a passkey to approve new devices" (local to this device) and how many passkeys exist. */
const pairingPolicySchema = z.object({ requirePasskey: z.boolean(), passkeys: z.number().int().min(0) }).strict();

/** The states that freeze a collection (DESIGN.md §6); the popup words each one. */
export const FREEZE_CODES = [
  'ROLLBACK',
  'FORK',
  'OMISSION',
  'REPLAY',
  'BAD_SIGNATURE',
  'UNTRUSTED_WRITER',
  'STALE',
  'BAD_CHAIN',
  'BAD_ENCODING',
  'UNKNOWN_VERSION',
] as const;
export const freezeCodeSchema = z.enum(FREEZE_CODES);
export type FreezeCodeView = z.infer<typeof freezeCodeSchema>;

/** What the popup shows about sync: no key, no item, no secret. */
export const syncStatusSchema = z
  .object({
    /** `off`: no sync account; `setting-up`: account creation did not finish (retry connects). */
    phase: z.enum(['off', 'setting-up', 'idle', 'syncing', 'frozen']),
    /** The server's https origin, when a sync account exists. */
    server: z.string().max(2048).nullable(),
    lastSyncAt: z.number().int().nullable(),
    /** Local changes not yet acknowledged by the server (outbox and changes still to be batched). */
    pending: z.number().int().min(0),
    /** The short state code two devices compare (e.g. `RARD-6WQL`), once pinned. */
    stateCode: z.string().max(128).nullable(),
    frozen: z
      .object({ code: freezeCodeSchema, message: z.string().max(500), advice: z.string().max(500), at: z.number().int() })
      .strict()
      .nullable(),
    /** Records or items quarantined (did not open, or merged into an invalid item). */
    quarantined: z.number().int().min(0),
    /** The machine code of the last failed attempt (UNAVAILABLE when offline), null after a success. */
    error: z.string().max(64).nullable(),
    /** Items deleted here that came back because another device edited them (until dismissed). */
    restored: z.number().int().min(0),
    /** The person paused sync in the security center ("freeze sync"): nothing is pulled or pushed. */
    paused: z.boolean().optional(),
  })
  .strict();
export type SyncStatusView = z.infer<typeof syncStatusSchema>;

/**
 * The trusted device's pairing as the popup sees it (docs/sync-extension.md "Pairing"): no key,
 * secret or snapshot, only the invite text (shown as QR and text on purpose), its expiry on this
 * device's clock, and the three candidate codes once the new device revealed.
 */
export const pairingStatusSchema = z
  .object({
    phase: z.enum(['none', 'waiting', 'pick', 'approving', 'done', 'failed', 'cancelled', 'passkey']),
    invite: z.string().max(1024).optional(),
    expiresAt: z.number().int().optional(),
    candidates: z.array(z.string().regex(/^[0-9]{6}$/)).length(3).optional(),
    error: z.object({ code: z.string().max(64), message: z.string().max(500) }).strict().optional(),
  })
  .strict();
export type PairingStatusView = z.infer<typeof pairingStatusSchema>;

/** Backups (docs/backups.md): the schedule, the stored backups, a restore's preview and progress. */
const backupStatusSchema = z
  .object({
    schedule: z.object({ every: z.enum(['daily', 'weekly']), keep: z.number().int(), lastAt: z.number().int().nullable() }).strict().nullable(),
    stored: z.array(z.object({ id: z.string().max(64), createdAt: z.number().int(), count: z.number().int(), size: z.number().int() }).strict()),
  })
  .strict();
const backupSourceSchema = z.union([z.object({ stored: z.string().max(64) }).strict(), z.object({ data: z.string().max(200_000_000) }).strict()]);
const restorePreviewSchema = z
  .object({
    createdAt: z.number().int(),
    sameVault: z.boolean(),
    reAdded: z.number().int(),
    rolledBack: z.number().int(),
    unchanged: z.number().int(),
    kept: z.number().int(),
    reAddedNames: z.array(z.string()),
    rolledBackNames: z.array(z.string()),
  })
  .strict();

export const messageMap = {
  'app/status': {
    sender: 'extension',
    req: empty,
    res: z.object({ version: z.string(), vault: vaultStateSchema }).strict(),
  },
  'vault/create': {
    sender: 'extension',
    req: z.object({ password }).strict(),
    res: done,
  },
  'vault/unlock': {
    sender: 'extension',
    req: z.object({ password }).strict(),
    res: done,
  },
  'vault/lock': { sender: 'extension', req: empty, res: done },
  'vault/change-password': {
    sender: 'extension',
    req: z.object({ current: password, next: password }).strict(),
    res: done,
  },
  'vault/kdf-get': {
    sender: 'extension',
    req: empty,
    res: z.object({ m: z.number().int(), t: z.number().int(), p: z.number().int() }).strict(),
  },
  'vault/kdf-set': {
    sender: 'extension',
    req: z
      .object({ password, m: z.number().int().min(1).max(4 * 1024 * 1024), t: z.number().int().min(1).max(64), p: z.number().int().min(1).max(16) })
      .strict(),
    res: done,
  },
  'password/assess': {
    sender: 'extension',
    req: z.object({ password: z.string().max(1024) }).strict(),
    res: passwordAssessmentSchema,
  },
  'settings/get': { sender: 'extension', req: empty, res: settingsSchema },
  'settings/set': { sender: 'extension', req: settingsSchema.partial().strict(), res: settingsSchema },
  'items/search': {
    sender: 'extension',
    req: z
      .object({
        query: z.string().max(200),
        scope: z.enum(['all', 'favourites', 'trash']),
        limit: z.number().int().min(1).max(500).optional(),
      })
      .strict(),
    res: z.object({ items: z.array(itemSummarySchema), total: z.number().int().min(0) }).strict(),
  },
  'items/get': {
    sender: 'extension',
    req: z.object({ id: itemIdSchema }).strict(),
    res: z.object({ item: itemSchema }).strict(),
  },
  'items/summary': {
    sender: 'extension',
    req: z.object({ id: itemIdSchema }).strict(),
    res: z.object({ summary: itemSummarySchema }).strict(),
  },
  'items/save': {
    sender: 'extension',
    req: z.object({ draft: itemDraftSchema }).strict(),
    res: z.object({ id: itemIdSchema }).strict(),
  },
  'items/trash': { sender: 'extension', req: z.object({ id: itemIdSchema }).strict(), res: done },
  'items/restore': { sender: 'extension', req: z.object({ id: itemIdSchema }).strict(), res: done },
  'items/delete': { sender: 'extension', req: z.object({ id: itemIdSchema }).strict(), res: done },
  'generator/password': {
    sender: 'extension',
    req: z
      .object({
        length: z.number().int().min(8).max(128),
        lower: z.boolean(),
        upper: z.boolean(),
        digits: z.boolean(),
        symbols: z.boolean(),
        avoidAmbiguous: z.boolean(),
      })
      .strict(),
    res: z.object({ value: z.string(), entropyBits: z.number() }).strict(),
  },
  'generator/passphrase': {
    sender: 'extension',
    req: z
      .object({
        words: z.number().int().min(3).max(20),
        separator: z.string().max(3),
        capitalize: z.boolean(),
        includeDigit: z.boolean(),
      })
      .strict(),
    res: z.object({ value: z.string(), entropyBits: z.number() }).strict(),
  },
  'clipboard/copied': { sender: 'extension', req: empty, res: done },
  'import/formats': {
    sender: 'extension',
    req: empty,
    res: z.object({ formats: z.array(z.object({ id: z.string(), name: z.string() }).strict()) }).strict(),
  },
  'import/preview': { sender: 'extension', req: importRequestSchema, res: importPreviewSchema },
  'import/commit': {
    sender: 'extension',
    req: importRequestSchema.extend({ skipDuplicates: z.boolean() }).strict(),
    res: z.object({ imported: z.number().int().min(0), skipped: z.number().int().min(0) }).strict(),
  },
  'export/encrypted': {
    sender: 'extension',
    req: z.object({ masterPassword: password, exportPassword: password }).strict(),
    res: exportFileSchema,
  },
  'export/plain': {
    sender: 'extension',
    req: z.object({ masterPassword: password, format: z.enum(['json', 'csv']) }).strict(),
    res: exportFileSchema,
  },
  'autofill/status': {
    sender: 'extension',
    req: z.object({ tabId }).strict(),
    res: autofillStatusSchema,
  },
  'autofill/fill': {
    sender: 'extension',
    req: z.object({ tabId, id: itemIdSchema, allowDomain: z.boolean() }).strict(),
    res: fillOutcomeSchema,
  },
  'autofill/capture-answer': {
    sender: 'extension',
    req: z.object({ tabId, answer: z.enum(['save', 'update', 'never', 'dismiss']) }).strict(),
    res: z.object({ id: itemIdSchema.nullable() }).strict(),
  },
  'passkey/list': {
    sender: 'extension',
    req: empty,
    res: z.object({ passkeys: z.array(passkeySummarySchema) }).strict(),
  },
  'passkey/add-begin': {
    sender: 'extension',
    /** `proof`: an added passkey's, needed while new devices need a passkey. */
    req: z.object({ password, proof: passkeyProofSchema.optional() }).strict(),
    res: z.object({ challenge: base64url, prfSalt: base64url, userId: base64url }).strict(),
  },
  'passkey/add-finish': {
    sender: 'extension',
    req: z.object({ credentialId, prfOutput: base64url.length(43), label: z.string().min(1).max(64) }).strict(),
    res: done,
  },
  'passkey/remove': { sender: 'extension', req: z.object({ credentialId }).strict(), res: done },
  'passkey/unlock-begin': {
    sender: 'extension',
    req: empty,
    res: z.object({ challenge: base64url, credentials: z.array(z.object({ credentialId, prfSalt: base64url }).strict()) }).strict(),
  },
  'passkey/unlock': {
    sender: 'extension',
    req: z.object({ credentialId, prfOutput: base64url.length(43) }).strict(),
    res: done,
  },
  'sync/status': {
    sender: 'extension',
    /** `kick`: also start a sync in the background (the popup opening is a trigger). */
    req: z.object({ kick: z.boolean().optional() }).strict(),
    res: syncStatusSchema,
  },
  'sync/connect': {
    sender: 'extension',
    req: z.object({ server: z.string().min(1).max(2048) }).strict(),
    res: syncStatusSchema,
  },
  'sync/now': { sender: 'extension', req: empty, res: syncStatusSchema },
  'sync/dismiss-restored': { sender: 'extension', req: empty, res: syncStatusSchema },
  'sync/approve-repin': {
    sender: 'extension',
    /** The frozen state the person approved; refused (CONFLICT) when the collection shows another by now. */
    req: z.object({ code: freezeCodeSchema }).strict(),
    res: syncStatusSchema,
  },
  'pairing/invite-begin': {
    sender: 'extension',
    /** The master password again (DESIGN.md §7: the invite is shown only after it is re-entered). */
    req: z.object({ masterPassword: password }).strict(),
    res: pairingStatusSchema,
  },
  'pairing/status': { sender: 'extension', req: empty, res: pairingStatusSchema },
  'pairing/choose': {
    sender: 'extension',
    /** The code the person picked: the one the new device shows. A wrong one ends the invite. */
    req: z.object({ code: z.string().regex(/^[0-9]{6}$/) }).strict(),
    res: pairingStatusSchema,
  },
  'pairing/cancel': { sender: 'extension', req: empty, res: pairingStatusSchema },
  ...deviceMessages,
  ...joinMessages,
  'backup/download': {
    sender: 'extension',
    req: z.object({ masterPassword: password, backupPassword: password }).strict(),
    res: exportFileSchema,
  },
  'backup/status': { sender: 'extension', req: empty, res: backupStatusSchema },
  'backup/schedule-set': {
    sender: 'extension',
    /** Daily or weekly needs the master password and a backup password; off needs nothing. */
    req: z
      .object({ every: z.enum(['off', 'daily', 'weekly']), keep: z.number().int().min(1).max(30).optional(), masterPassword: password.optional(), backupPassword: password.optional() })
      .strict(),
    res: backupStatusSchema,
  },
  'backup/stored-file': { sender: 'extension', req: z.object({ id: z.string().max(64) }).strict(), res: exportFileSchema },
  'backup/restore-preview': {
    sender: 'extension',
    req: z.object({ source: backupSourceSchema, backupPassword: password }).strict(),
    res: restorePreviewSchema,
  },
  'backup/restore-commit': { sender: 'extension', req: empty, res: z.object({ restored: z.number().int() }).strict() },
  'backup/progress': {
    sender: 'extension',
    req: empty,
    res: z.object({ phase: z.enum(['idle', 'deriving', 'planning', 'writing', 'done', 'failed']), done: z.number().int(), total: z.number().int() }).strict(),
  },
  /** The second factor for the device in phase "passkey"; a wrong proof ends the invite, nothing appended. */
  'pairing/approve-passkey': { sender: 'extension', req: passkeyProofSchema, res: pairingStatusSchema },
  'pairing/policy-get': { sender: 'extension', req: empty, res: pairingPolicySchema },
  /** Turning the policy on or off needs a passkey proof either way. */
  'pairing/policy-set': {
    sender: 'extension',
    req: z.object({ requirePasskey: z.boolean(), proof: passkeyProofSchema }).strict(),
    res: pairingPolicySchema,
  },
  ...recoveryMessages,
  ...contentMessages,
  ...securityMessages,
} as const satisfies Record<string, MessageSpec>;

export type MessageMap = typeof messageMap;
export type MessageName = keyof MessageMap;
export type Req<N extends MessageName> = z.infer<MessageMap[N]['req']>;
export type Res<N extends MessageName> = z.infer<MessageMap[N]['res']>;

export const MESSAGE_NAMES = Object.keys(messageMap) as MessageName[];

export function isMessageName(value: unknown): value is MessageName {
  return typeof value === 'string' && Object.hasOwn(messageMap, value);
}
