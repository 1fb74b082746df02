/**
 * Gauges read from the database when Prometheus scrapes `/metrics` (never on a request path):
 * - `vault_database_size_bytes{dialect}`: SQLite's page count times page size (the size of the
 *   main database file once the WAL is checkpointed), or PostgreSQL's `pg_database_size` of the
 *   current database;
 * - `vault_accounts`, `vault_devices{state}` (`trusted`, `revoked`), `vault_collections`,
 *   `vault_frozen{kind}` (`account`, `device`): totals only, never anything per account.
 * A scrape whose query fails leaves the gauge out of that scrape rather than failing it.
 */
import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import { databaseSizeBytes } from '../db/database-size';
import type { VaultDatabase } from '../db/open-database';
import type { Database } from '../db/schema';

async function countOf(db: Kysely<Database>, table: 'accounts' | 'collection_heads', where?: 'live'): Promise<number> {
  let query = db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n'));
  if (where === 'live' && table === 'accounts') query = query.where('accounts.deleted_at', 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

async function devicesByState(db: Kysely<Database>): Promise<{ trusted: number; revoked: number; frozen: number }> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => [
      eb.fn.sum<number | string | null>(eb.case().when('revoked', '=', 0).then(1).else(0).end()).as('trusted'),
      eb.fn.sum<number | string | null>(eb.case().when('revoked', '=', 0).then(0).else(1).end()).as('revoked'),
      eb.fn.sum<number | string | null>(eb.case().when('frozen_at', 'is', null).then(0).else(1).end()).as('frozen'),
    ])
    .executeTakeFirstOrThrow();
  return { trusted: Number(row.trusted ?? 0), revoked: Number(row.revoked ?? 0), frozen: Number(row.frozen ?? 0) };
}

async function frozenAccounts(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number | string>().as('n')).where('frozen_at', 'is not', null).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Runs a gauge's reading; on a database failure the gauge is reset, so it is absent from that scrape. */
async function readInto(gauge: Gauge, read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch {
    gauge.reset();
  }
}

export function registerDatabaseGauges(registry: Registry, database: VaultDatabase): void {
  const db = database.db;
  new Gauge({
    name: 'vault_database_size_bytes',
    help: 'Size of the database: SQLite page_count * page_size, or PostgreSQL pg_database_size',
    labelNames: ['dialect'] as const,
    registers: [registry],
    async collect() {
      await readInto(this, async () => {
        this.set({ dialect: database.kind }, await databaseSizeBytes(database));
      });
    },
  });
  new Gauge({
    name: 'vault_accounts',
    help: 'Accounts on this server (deleted accounts whose identity chain is kept are not counted)',
    registers: [registry],
    async collect() {
      await readInto(this, async () => {
        this.set(await countOf(db, 'accounts', 'live'));
      });
    },
  });
  new Gauge({
    name: 'vault_devices',
    help: 'Devices registered through identity chains, by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      await readInto(this, async () => {
        const counts = await devicesByState(db);
        this.set({ state: 'trusted' }, counts.trusted);
        this.set({ state: 'revoked' }, counts.revoked);
      });
    },
  });
  new Gauge({
    name: 'vault_collections',
    help: 'Collections (logs with a chain) on this server',
    registers: [registry],
    async collect() {
      await readInto(this, async () => {
        this.set(await countOf(db, 'collection_heads'));
      });
    },
  });
  new Gauge({
    name: 'vault_frozen',
    help: 'Accounts and devices an operator has frozen',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      await readInto(this, async () => {
        this.set({ kind: 'account' }, await frozenAccounts(db));
        this.set({ kind: 'device' }, (await devicesByState(db)).frozen);
      });
    },
  });
}
