/**
 * HTTP contract of `GET /v1/accounts/:id/data` (issue 11, "my server data"; docs/data-flows.md),
 * behind a session of that same account (another account's is 403 `FORBIDDEN_SENDER`): everything
 * the sync server holds about the account, as counts, sizes, ids, public keys and times, each
 * section with a short explanation. The contents themselves are ciphertext or public and stay
 * fetchable through their own endpoints (identity chain, collection chains and logs, heartbeats).
 *
 * The explanations in the answer are the server's copy of `ACCOUNT_DATA_EXPLANATIONS`; a client
 * shows its own copy (the server is untrusted for what it says about itself, DESIGN.md §2) and may
 * compare. Every number and id is checked here like any other answer.
 */
import { z } from 'zod';
import { ROLES } from '../../chains/collection-roles';
import { KEY_FINGERPRINT_PATTERN } from '../key-fingerprint';
import { accountIdField, collectionIdField, deviceIdField, fixedBytes } from './bytes-field';

export const ACCOUNT_DATA_PATH = '/v1/accounts/:id/data';
export const accountDataPath = (account: string): string => `/v1/accounts/${account}/data`;

export const ACCOUNT_DATA_MAX_DEVICES = 1000;
export const ACCOUNT_DATA_MAX_COLLECTIONS = 10_000;

/** What each section means, in the words the "my server data" view shows. */
export const ACCOUNT_DATA_EXPLANATIONS = {
  account:
    'Your account id is the hash of the first entry of your identity chain (your vault fingerprint). The server keeps when the account was created and whether its operator froze it.',
  identityChain:
    'Your identity chain: signed entries that add and revoke your devices, rotate your user key and set your recovery key. It holds public keys, device ids, sealed (encrypted) user keys and signatures, no names. Your devices and the people you share with fetch it to verify each other.',
  devices:
    "Each device's random id and public signing key (from your identity chain), whether it is revoked or frozen by the operator, and the hour it last signed in. Device names are encrypted in your vault and never reach the server.",
  sessions: 'Sign-in sessions last 15 minutes; the server stores only a hash of each token.',
  challenges: 'Single-use sign-in challenges issued in the last minute for your devices.',
  heartbeats:
    "The newest signed heartbeat of each of your devices: its claimed time and the log positions it had seen, so your other devices can tell when the server hides changes.",
  collections:
    'Collections you are a member of or created: your role, how many members they have (identity ids only), and the number and size of their chain entries and log batches. Every item in them is encrypted; the server cannot read names, URLs or secrets.',
  rateLimits: 'Requests each device made in the current minute, counted under a hash to limit abuse.',
  notStored:
    'Never sent to the server: your master password or anything derived from it, item names, URLs, secrets, device names, collection names and member names.',
  inferable:
    'What the server can still infer: when and how often you sync, from which addresses (its logs), how much you store (sizes, within padding buckets), and who shares collections with whom.',
} as const;

export type AccountDataSection = keyof typeof ACCOUNT_DATA_EXPLANATIONS;

const count = z.number().int().nonnegative();
const time = z.number().int();
const explanation = z.string().min(1).max(1000);

export const accountDataParamsSchema = z.object({ id: accountIdField }).strict();

export const accountDataDeviceSchema = z
  .object({
    id: deviceIdField,
    signingKey: fixedBytes(32),
    fingerprint: z.string().regex(KEY_FINGERPRINT_PATTERN),
    revoked: z.boolean(),
    frozen: z.boolean(),
    /** The hour (epoch ms) of its latest sign-in, or null if it never signed in since migration 0006. */
    lastSeenHour: time.nullable(),
  })
  .strict();

export const accountDataCollectionSchema = z
  .object({
    id: collectionIdField,
    /** Your current role, or null when you created it but are no longer a member. */
    role: z.enum(ROLES).nullable(),
    /** True when its chain's genesis names you as the owner who created it. */
    createdByYou: z.boolean(),
    members: count,
    chainEntries: count,
    chainBytes: count,
    batches: count,
    logBytes: count,
    batchesByYourDevices: count,
  })
  .strict();

export const accountDataResponseSchema = z
  .object({
    account: z.object({ id: accountIdField, createdAt: time, frozen: z.boolean() }).strict(),
    identityChain: z.object({ entries: count, bytes: count, head: fixedBytes(32) }).strict(),
    devices: z.array(accountDataDeviceSchema).max(ACCOUNT_DATA_MAX_DEVICES),
    sessions: z.object({ active: count, latestExpiry: time.nullable() }).strict(),
    challenges: z.object({ pending: count }).strict(),
    heartbeats: z.array(z.object({ device: deviceIdField, time, bytes: count }).strict()).max(ACCOUNT_DATA_MAX_DEVICES),
    collections: z.array(accountDataCollectionSchema).max(ACCOUNT_DATA_MAX_COLLECTIONS),
    rateLimits: z.array(z.object({ device: deviceIdField, windowStart: time, requests: count }).strict()).max(ACCOUNT_DATA_MAX_DEVICES),
    explanations: z
      .object({
        account: explanation,
        identityChain: explanation,
        devices: explanation,
        sessions: explanation,
        challenges: explanation,
        heartbeats: explanation,
        collections: explanation,
        rateLimits: explanation,
        notStored: explanation,
        inferable: explanation,
      })
      .strict(),
  })
  .strict();

export type AccountDataResponse = z.infer<typeof accountDataResponseSchema>;
export type AccountDataDevice = z.infer<typeof accountDataDeviceSchema>;
export type AccountDataCollection = z.infer<typeof accountDataCollectionSchema>;
