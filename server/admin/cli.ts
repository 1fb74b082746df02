/**
 * The operator's command line (`npm run admin -- <command>`; commands in `./usage.ts`): opens the
 * server's own database from the same environment as the server (DATABASE_URL, or the SQLite file
 * in DATA_DIR, which must exist), brings it to the latest migration, runs one command and closes it.
 * Every command is one short transaction or read, so it may run while servers are up: a freeze
 * takes effect on the next request (sessions re-read the marks each time).
 * Returns the exit status: 0 done, 1 the command failed (unknown account…), 2 usage or configuration.
 */
import { existsSync } from 'node:fs';
import { toBase64url } from '../../shared/crypto/base64url';
import { VaultError } from '../../shared/protocol/errors';
import { readServerConfig } from '../config';
import { compact } from '../db/compact';
import { compactLogs } from '../db/log-checkpoints';
import { deleteAccount } from '../db/delete-account';
import { setAccountFrozen, setDeviceFrozen, type FreezeOutcome } from '../db/freeze';
import { migrateToLatest } from '../db/migrate';
import { openDatabase, type VaultDatabase } from '../db/open-database';
import { devicesCommand } from './devices-command';
import { exportCommand } from './export-command';
import { parseCommand, type AdminCommand } from './parse-command';
import { CommandError, USAGE, UsageError } from './usage';

const DAY_MS = 24 * 3600 * 1000;

export interface AdminIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

function describeFreeze(outcome: FreezeOutcome, verb: 'frozen' | 'unfrozen', what: string): string {
  if (outcome === 'unknown') throw new CommandError(`no such ${what.split(' ')[0] ?? 'thing'}`);
  return outcome === 'changed' ? `${what}: ${verb}\n` : `${what}: already ${verb}\n`;
}

async function execute(command: Exclude<AdminCommand, { name: 'help' }>, database: VaultDatabase): Promise<string> {
  const now = Date.now();
  switch (command.name) {
    case 'devices':
      return devicesCommand(database, command.account, command.json);
    case 'freeze-device':
    case 'unfreeze-device': {
      const frozen = command.name === 'freeze-device';
      const outcome = await setDeviceFrozen(database.db, { accountId: command.account, deviceId: command.device }, frozen, now);
      return describeFreeze(outcome, frozen ? 'frozen' : 'unfrozen', `device ${toBase64url(command.device)} of account ${toBase64url(command.account)}`);
    }
    case 'freeze-account':
    case 'unfreeze-account': {
      const frozen = command.name === 'freeze-account';
      const outcome = await setAccountFrozen(database.db, command.account, frozen, now);
      return describeFreeze(outcome, frozen ? 'frozen' : 'unfrozen', `account ${toBase64url(command.account)}`);
    }
    case 'export':
      return exportCommand(database, command.account, command.out);
    case 'delete':
      return describeDeletion(await deleteAccount(database, command.account, now), command.account);
    case 'compact': {
      const logs = await compactLogs(database, now, command.olderThanDays * DAY_MS);
      const done = await compact(database, now);
      return [
        `removed ${done.challenges} challenge(s), ${done.sessions} session(s), ${done.rateLimitWindows} rate-limit window(s), ${done.purgedAccounts} kept identity chain(s)`,
        `logs: compacted ${logs.rows} batch(es) in ${logs.collections} collection(s) into their checkpoints (${logs.bytes} bytes; older than ${command.olderThanDays} day(s))`,
        `database: ${done.bytesBefore} → ${done.bytesAfter} bytes${done.vacuumed ? ' (VACUUM)' : ''}`,
        '',
      ].join('\n');
    }
  }
}

function describeDeletion(summary: Awaited<ReturnType<typeof deleteAccount>>, account: Uint8Array): string {
  const d = summary.deleted;
  return [
    `account ${toBase64url(account)} deleted: ${d.devices} device(s), ${d.collections} collection(s) with ${d.batches} batch(es), ${d.heartbeats} heartbeat(s), ${d.sessions} session(s)`,
    `left ${summary.leftSharedCollections} shared collection(s); identity chain ${summary.identityChainKept ? 'kept (collection chains of others name it)' : `deleted (${d.chainEntries} entries)`}`,
    '',
  ].join('\n');
}

async function withDatabase(io: AdminIo, run: (database: VaultDatabase) => Promise<string>): Promise<number> {
  let config;
  try {
    config = readServerConfig(io.env, io.cwd);
  } catch (error) {
    if (!(error instanceof VaultError)) throw error;
    io.err(`configuration error: ${error.message}\n`);
    return 2;
  }
  if (config.database.kind === 'sqlite' && !existsSync(config.database.file)) {
    io.err(`no database at ${config.database.file}: set DATA_DIR (or DATABASE_URL) as for the server\n`);
    return 1;
  }
  const database = openDatabase(config.database, () => {});
  try {
    await migrateToLatest(database.db);
    io.out(await run(database));
    return 0;
  } catch (error) {
    const known = error instanceof CommandError || (error instanceof VaultError && error.code === 'NOT_FOUND');
    io.err(`${known ? '' : 'failed: '}${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

export async function runAdmin(args: readonly string[], io: AdminIo): Promise<number> {
  let command: AdminCommand;
  try {
    command = parseCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.name === 'help') {
    io.out(USAGE);
    return 0;
  }
  return withDatabase(io, (database) => execute(command, database));
}
