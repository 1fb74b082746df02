/**
 * The server database's tables as Kysely types, one interface per table, named as in the
 * migrations. The sync tables (identity and collection chains, logs, batches, heartbeats, sessions,
 * challenges, rate limits; DESIGN.md §6) arrive with the sync issue, each with its own migration.
 * Kysely's own `kysely_migration` tables are not listed: only the Migrator touches them.
 */

/** Facts about this server instance, one row per key (for example `instance_id`). */
export interface ServerMetaTable {
  key: string;
  value: string;
}

export interface Database {
  server_meta: ServerMetaTable;
}

/** Keys of `server_meta` the server writes. */
export const SERVER_META_KEYS = { instanceId: 'instance_id' } as const;
