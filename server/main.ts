/**
 * The sync server's composition root (`npm run server`, i.e. `tsx server/main.ts`): reads the
 * configuration from the environment, starts the server, prints its URL, its certificate's SPKI pin
 * and its data directory, and stops cleanly on SIGINT or SIGTERM (a second signal, or a stop that
 * takes longer than 10 s, exits at once). Runs only when executed directly, never on import.
 * A configuration error prints one clear line and exits with status 2; any other start failure, 1.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { VaultError } from '../shared/protocol/errors';
import { describeDatabase, readServerConfig, type ServerConfig } from './config';
import { startServer, type RunningServer } from './start-server';

const STOP_TIMEOUT_MS = 10_000;

export async function main(): Promise<void> {
  const config = readServerConfig(process.env, process.cwd());
  const server = await startServer(config);
  process.stdout.write(banner(server, config));
  stopOnSignals(server);
}

/** The human-readable start-up lines (the JSON log has the same facts under msg "listening"). */
export function banner(server: RunningServer, config: ServerConfig): string {
  return [
    `Sealed Vault sync server listening on ${server.url}`,
    `  health:         ${server.url}/v1/health`,
    `  SPKI pin:       ${server.spkiPin}   (base64 SHA-256 of the certificate's public key)`,
    `  Chromium flag:  --ignore-certificate-errors-spki-list=${server.spkiPin}`,
    `  data directory: ${server.dataDir}`,
    `  database:       ${describeDatabase(config.database)}`,
    '',
  ].join('\n');
}

function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function isDirectRun(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isDirectRun()) {
  main().catch((error: unknown) => {
    if (error instanceof VaultError && error.code === 'BAD_CONFIG') {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
