/**
 * Reads of `server_meta`, the server's facts about itself. `readInstanceId` doubles as the cheapest
 * query that proves the database answers and is migrated, which is what the health route needs.
 */
import type { Kysely } from 'kysely';
import { VaultError } from '../../shared/protocol/errors';
import { SERVER_META_KEYS, type Database } from './schema';

/** The random id migration 0001 gave this instance; stable for the life of the database. */
export async function readInstanceId(db: Kysely<Database>): Promise<string> {
  const row = await db
    .selectFrom('server_meta')
    .select('value')
    .where('key', '=', SERVER_META_KEYS.instanceId)
    .executeTakeFirst();
  if (row === undefined) throw new VaultError('INTERNAL', 'server_meta has no instance_id');
  return row.value;
}
