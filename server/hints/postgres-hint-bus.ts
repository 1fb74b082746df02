/**
 * The PostgreSQL hint bus, for several stateless server processes on one database: an append calls
 * `pg_notify` inside its transaction (PostgreSQL delivers notifications at commit, and never for a
 * rolled-back transaction), and each process holds one dedicated connection (outside the pool) that
 * `LISTEN`s and hands hints to its hub. A dropped listener reconnects with backoff (1 s doubling to
 * 30 s); hints sent meanwhile are lost, which only delays a pull (clients also poll).
 */
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { decodeHintPayload, encodeHintPayload, HINT_CHANNEL, HintListeners, type HintBus } from './hint-bus';

const RECONNECT_MIN_MS = 1000;
const RECONNECT_MAX_MS = 30_000;

/** Connects the listener before resolving, so a server is hinted from the moment it listens. */
export async function postgresHintBus(url: string, logger: Logger): Promise<HintBus> {
  const listeners = new HintListeners();
  let client: pg.Client | undefined;
  let closed = false;
  let delay = RECONNECT_MIN_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const reconnectLater = () => {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: unknown) => {
        logger.warn({ err: error }, 'hint listener: reconnect failed');
        reconnectLater();
      });
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      const hint = message.channel === HINT_CHANNEL ? decodeHintPayload(message.payload) : undefined;
      if (hint !== undefined) listeners.deliver(hint);
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'hint listener: connection error');
      void next.end().catch(() => {});
      if (client === next) client = undefined;
      reconnectLater();
    });
    await next.connect();
    await next.query(`LISTEN ${HINT_CHANNEL}`);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    delay = RECONNECT_MIN_MS;
  };

  await connect();
  return {
    inTransaction: async (trx, hint) => {
      await sql`select pg_notify(${HINT_CHANNEL}, ${encodeHintPayload(hint)})`.execute(trx);
    },
    committed: () => {},
    subscribe: (listener) => listeners.add(listener),
    close: async () => {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
}
