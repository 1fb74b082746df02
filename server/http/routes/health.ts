/**
 * `GET /v1/health`: the server is up, its database answers, and which dialect it runs on. The answer
 * is validated against the shared contract (`shared/protocol/api/health.ts`) before it leaves, so the
 * server can never send what a client would refuse. A database that does not answer gives 503
 * `UNAVAILABLE` with the generic error body.
 */
import type { FastifyPluginAsync } from 'fastify';
import { API_VERSION, HEALTH_PATH, healthResponseSchema } from '../../../shared/protocol/api/health';
import { VaultError } from '../../../shared/protocol/errors';
import type { VaultDatabase } from '../../db/open-database';
import { readInstanceId } from '../../db/server-meta';

export interface HealthRouteOptions {
  readonly database: VaultDatabase;
}

export const healthRoute: FastifyPluginAsync<HealthRouteOptions> = async (app, { database }) => {
  app.get(HEALTH_PATH, async (request) => {
    try {
      await readInstanceId(database.db);
    } catch (error) {
      request.log.error({ err: error }, 'health: database did not answer');
      throw new VaultError('UNAVAILABLE', 'database unavailable');
    }
    return healthResponseSchema.parse({ status: 'ok', version: API_VERSION, database: database.kind });
  });
};
