/**
 * `app/status`: the extension's version and the vault's state (no vault yet, locked, unlocked).
 * The vault service of the local-vault issue replaces the state source; until then no vault exists.
 */
import type { Req, Res } from '../../../shared/protocol/messages';

export interface AppStatusDeps {
  version: string;
  vaultState: () => Promise<Res<'app/status'>['vault']>;
}

export function appStatusHandler(deps: AppStatusDeps) {
  return async (_req: Req<'app/status'>): Promise<Res<'app/status'>> => ({
    version: deps.version,
    vault: await deps.vaultState(),
  });
}
