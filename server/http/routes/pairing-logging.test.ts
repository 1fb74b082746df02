/**
 * The relay and recovery routes log nothing of what they carry: at level trace, a whole relayed
 * exchange (posts, long-polls, close, refusals) and a recovery read and append leave no box, no
 * step, no `after`/`wait` query and no entry in the logs; only method, path and status, as for
 * every request (the invite id is part of the path, like every id: docs/pairing.md §11).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TestIdentity } from '../../../shared/chains/test-fixtures';
import { toBase64url } from '../../../shared/crypto/base64url';
import { randomBytes } from '../../../shared/crypto/random';
import { createInvite } from '../../../shared/pairing/invite';
import { decodeMessage } from '../../../shared/pairing/messages';
import { NewDevicePairing } from '../../../shared/pairing/new-side';
import { pairingClosePath, pairingMessagesPath } from '../../../shared/protocol/api/pairing';
import { recoveryChainPath } from '../../../shared/protocol/api/recovery';
import { startServer } from '../../start-server';
import { asAccount } from '../../testing/collection-client';
import { captureLogs } from '../../testing/log-capture';
import { createAccountOn, getJson, postJson } from '../../testing/sync-client';
import { useTempDirs } from '../../testing/temp-dir';

const tempDir = useTempDirs('vault-pairing-log-');

describe('pairing relay and recovery logs', () => {
  it('never carry boxes, steps, poll parameters or recovery entries', async () => {
    const logs = captureLogs();
    const dataDir = tempDir();
    const server = await startServer({ dataDir, port: 0, logLevel: 'trace', logDestination: logs.destination, database: { kind: 'sqlite', file: path.join(dataDir, 'vault.sqlite') } });
    try {
      const invite = createInvite(server.url, randomBytes(32));
      const id = toBase64url(invite.inviteId);
      const boxes: string[] = [];
      for (let i = 0; i < 2; i++) {
        const box = toBase64url(decodeMessage(NewDevicePairing.start(invite).hello).box);
        boxes.push(box);
        expect((await postJson(server, pairingMessagesPath(id), { step: 'hello', box })).status).toBe(201);
      }
      expect((await getJson(server, `${pairingMessagesPath(id)}?after=1&wait=1`)).status).toBe(200);
      await postJson(server, pairingMessagesPath(id), { step: 'reveal', box: 'not base64url!' });
      await postJson(server, pairingClosePath(id), '');

      const alice = new TestIdentity();
      await createAccountOn(server, asAccount(alice));
      const genesis = toBase64url(alice.entries[0] ?? new Uint8Array());
      expect((await getJson(server, recoveryChainPath(toBase64url(alice.id)))).status).toBe(200);
      const refused = await postJson(server, recoveryChainPath(toBase64url(alice.id)), { entry: genesis, prev: toBase64url(alice.state.head) });
      expect(refused.status).toBe(403);
      const text = logs.text();
      for (const box of boxes) expect(text).not.toContain(box);
      for (const secret of ['hello', 'reveal', 'after=', 'wait=', 'not base64url', genesis]) expect(text).not.toContain(secret);
      expect(logs.entries().some((entry) => JSON.stringify(entry).includes('/v1/pairing/'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
