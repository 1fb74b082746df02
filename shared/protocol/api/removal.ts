/**
 * HTTP contract of the removal check (docs/decisions/009-revoked-device-told-and-wiped.md): a device whose
 * sign-in was refused (the same 401 for unknown, revoked and bad signature, DESIGN.md §6) asks
 * whether it was removed, proving it holds its device key, and gets its identity chain to verify
 * itself. The server's word is never enough: the device wipes its vault only for a validly signed
 * revoke-device entry naming it (shared/devices/removal-notice.ts).
 *
 * - `POST /v1/auth/challenge` `{ account, device }` → `{ nonce, expires }` (auth.ts, the same nonces);
 * - `POST /v1/auth/removal` `{ account, device, nonce, from, signature }` → `{ entries, head }`: the
 *   identity chain from seq `from` (the device's pinned position) and its head. The device signs
 *   `removalMessage(...)` under the context "removal/v1" (never "auth/v1": a removal proof is not a
 *   sign-in, and a sign-in signature is not a removal proof). Served to any device the account ever
 *   had, revoked or not. Every failure (unknown account or device, bad signature, reused or expired
 *   nonce, `from` beyond the chain) is the same 401 `UNAUTHORIZED` body.
 *
 * The signed bytes are canonical CBOR (RFC 8949 §4.2.1) of
 *   { kind: "removal-check", v: 1, origin: text, account: bytes(32), device: bytes(16), nonce: bytes(32), from: uint }
 */
import { z } from 'zod';
import { encodeCanonical } from '../../crypto/cbor';
import { NONCE_BYTES, SIGNATURE_BYTES } from './auth';
import { accountIdField, deviceIdField, fixedBytes } from './bytes-field';
import { IDENTITY_CHAIN_MAX_ENTRIES } from './identity-chain';

export const REMOVAL_PATH = '/v1/auth/removal';
export const REMOVAL_BODY_LIMIT = 1024;
export const REMOVAL_MESSAGE_VERSION = 1;

export const removalRequestSchema = z
  .object({
    account: accountIdField,
    device: deviceIdField,
    nonce: fixedBytes(NONCE_BYTES),
    from: z.number().int().min(0).max(IDENTITY_CHAIN_MAX_ENTRIES),
    signature: fixedBytes(SIGNATURE_BYTES),
  })
  .strict();

export { identityChainResponseSchema as removalResponseSchema } from './identity-chain';

export type RemovalRequest = z.infer<typeof removalRequestSchema>;

export interface RemovalMessageFields {
  readonly origin: string;
  readonly account: Uint8Array;
  readonly device: Uint8Array;
  readonly nonce: Uint8Array;
  readonly from: number;
}

/** The exact bytes a device signs (under "removal/v1") to be served its chain after a refused sign-in. */
export function removalMessage(fields: RemovalMessageFields): Uint8Array {
  return encodeCanonical({
    kind: 'removal-check',
    v: REMOVAL_MESSAGE_VERSION,
    origin: fields.origin,
    account: fields.account,
    device: fields.device,
    nonce: fields.nonce,
    from: fields.from,
  });
}
