/**
 * What the worker keeps about this vault's recovery kit (docs/recovery-ui.md), sealed under the
 * bundle key like the sync account (shared/vault/sync-account.ts), because a recovery key swapped in
 * local storage would be registered and would hand the vault to whoever holds its kit:
 *
 *   kit record      = CBOR{ kind: "recovery-kit-record", v: 1, signingKey, x25519Key, confirmedAt,
 *                           registeredAt (0 = not in the identity chain yet) }
 *   local identity  = CBOR{ kind: "local-identity", v: 1, device, identityGenesis }
 *   AD              = CBOR{ kind: "recovery-record-ad", v: 1, vault, record }   (vault = personal collection id)
 *
 * The kit's secret is never stored: only its public keys, until they are registered. The local
 * identity is the identity genesis made before the vault is connected to a server, when a kit is
 * made first (the kit names the vault by that genesis's hash); connecting registers it as is.
 * "Postponed" (the person chose "Later") is a plain time: it only quiets the prompt.
 * Refuses: a record that does not open or decode (BAD_RECORD).
 */
import { open, seal } from '../../../shared/crypto/aead';
import { decodeVersioned, encodeVersioned, type FieldsOf, type FieldSpecs, type Schema } from '../../../shared/crypto/cbor-versioned';
import { VaultError } from '../../../shared/protocol/errors';
import type { OpenVault } from '../../../shared/vault/vault-keys';
import type { VaultStore } from '../vault/ports';

const KIT_SCHEMA = {
  kind: 'recovery-kit-record',
  version: 1,
  fields: { signingKey: 'bytes', x25519Key: 'bytes', confirmedAt: 'uint', registeredAt: 'uint' },
} as const satisfies Schema;
const IDENTITY_SCHEMA = { kind: 'local-identity', version: 1, fields: { device: 'bytes', identityGenesis: 'bytes' } } as const satisfies Schema;
const AD_SCHEMA = { kind: 'recovery-record-ad', version: 1, fields: { vault: 'text', record: 'text' } } as const satisfies Schema;

export type KitRecord = FieldsOf<typeof KIT_SCHEMA.fields>;
export type LocalIdentity = FieldsOf<typeof IDENTITY_SCHEMA.fields>;

const KIT_KEY = 'recovery-kit';
const IDENTITY_KEY = 'recovery-local-identity';
const POSTPONED_KEY = 'recovery-kit-postponed';

function sealRecord<F extends FieldSpecs>(vault: OpenVault, key: string, schema: Schema<F>, fields: FieldsOf<F>): Uint8Array {
  return seal(vault.bundleKey, encodeVersioned(schema, fields), encodeVersioned(AD_SCHEMA, { vault: vault.header.personalCollection, record: key }));
}

function openRecord<F extends FieldSpecs>(vault: OpenVault, key: string, schema: Schema<F>, sealed: unknown): FieldsOf<F> | null {
  if (sealed === undefined) return null;
  try {
    if (!(sealed instanceof Uint8Array)) throw new Error('not bytes');
    return decodeVersioned(schema, open(vault.bundleKey, sealed, encodeVersioned(AD_SCHEMA, { vault: vault.header.personalCollection, record: key })));
  } catch {
    throw new VaultError('BAD_RECORD', `the stored ${key} does not open`);
  }
}

export function kitRecords(store: VaultStore) {
  return {
    async kit(vault: OpenVault): Promise<KitRecord | null> {
      return openRecord(vault, KIT_KEY, KIT_SCHEMA, await store.getMeta(KIT_KEY));
    },
    async putKit(vault: OpenVault, record: KitRecord): Promise<void> {
      await store.putMeta(KIT_KEY, sealRecord(vault, KIT_KEY, KIT_SCHEMA, record));
    },
    async localIdentity(vault: OpenVault): Promise<LocalIdentity | null> {
      return openRecord(vault, IDENTITY_KEY, IDENTITY_SCHEMA, await store.getMeta(IDENTITY_KEY));
    },
    async putLocalIdentity(vault: OpenVault, identity: LocalIdentity): Promise<void> {
      await store.putMeta(IDENTITY_KEY, sealRecord(vault, IDENTITY_KEY, IDENTITY_SCHEMA, identity));
    },
    async postponedAt(): Promise<number | null> {
      const at = await store.getMeta<number>(POSTPONED_KEY);
      return typeof at === 'number' ? at : null;
    },
    async postpone(at: number): Promise<void> {
      await store.putMeta(POSTPONED_KEY, at);
    },
  };
}

export type KitRecords = ReturnType<typeof kitRecords>;
