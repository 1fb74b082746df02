/**
 * `npm run admin -- compact [--older-than DAYS]` and the checkpoint routes against a real server,
 * SQLite and PostgreSQL (docs/decisions/008-compact-checkpoints.md): a checkpoint younger than DAYS
 * is left alone; once old enough, the rows it covers lose their bytes but keep seq, head and batch
 * id, the changes route serves them by batch id and names the checkpoint, and the database shrinks;
 * rows after the base are never touched. Registering refuses another device's batch, a seq with no
 * batch and a malformed body.
 */
import { expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../shared/crypto/base64url';
import { sha256 } from '../../shared/crypto/hash';
import { changesPath, changesResponseSchema, checkpointsPath } from '../../shared/protocol/api/collections';
import { expectOk, setUpPerson, writeAndPush } from '../../harness/malicious-server/person';
import { describeOnDatabases } from '../testing/on-databases';
import { getJson, postJson } from '../testing/sync-client';
import { useTempDirs } from '../testing/temp-dir';
import type { DatabaseConfig } from '../config';
import path from 'node:path';
import { runAdmin } from './cli';

const tempDir = useTempDirs('vault-admin-compact-');

async function admin(config: DatabaseConfig, ...args: string[]) {
  let out = '';
  let err = '';
  const env: Record<string, string> = config.kind === 'sqlite' ? { DATA_DIR: path.dirname(config.file) } : { DATABASE_URL: config.url };
  const status = await runAdmin(args, { env, cwd: tempDir(), out: (text) => (out += text), err: (text) => (err += text) });
  return { status, out, err };
}

describeOnDatabases('npm run admin -- compact: collection logs into checkpoints', ({ server, database, databaseConfig }) => {
  it('compacts only rows covered by a checkpoint older than --older-than, keeping seq, head and batch id', async () => {
    const person = await setUpPerson(server());
    try {
      const { a, collection, collectionId } = person;
      for (let i = 0; i < 5; i++) await writeAndPush(a, collection, { name: `Site ${i}`, note: 'n'.repeat(2000) });
      const originals = await database().db.selectFrom('collection_logs').select(['seq', 'batch']).where('collection_id', '=', Buffer.from(collectionId)).orderBy('seq').execute();
      const written = await a.engine.writeCheckpoint(collection);
      expect(written).toMatchObject({ registered: true, base: 5 });
      await writeAndPush(a, collection, { name: 'After the checkpoint' });

      const young = await admin(databaseConfig(), 'compact', '--older-than', '30');
      expect(young.status).toBe(0);
      expect(young.out).toContain('logs: compacted 0 batch(es) in 0 collection(s)');
      const done = await admin(databaseConfig(), 'compact', '--older-than', '0');
      expect(done.out).toContain('logs: compacted 5 batch(es) in 1 collection(s)');

      const token = await a.transport.hintToken();
      const page = changesResponseSchema.parse((await getJson(server(), `${changesPath(toBase64url(collectionId))}?since=0`, { token })).json());
      expect(page.checkpoint).toEqual({ seq: written.seq, base: 5 });
      expect(page.compacted?.map((row) => [row.seq, row.batchId])).toEqual(originals.map((row) => [row.seq, toBase64url(sha256(new Uint8Array(row.batch)))]));
      expect(page.changes.map((row) => row.seq)[0]).toBe(6);
      expect(page.changes.every((row) => fromBase64url(row.batch).length > 0)).toBe(true);
      expect((await admin(databaseConfig(), 'compact', '--older-than', 'soon')).status).toBe(2);
      expectOk(await person.b.engine.sync(collection), 'B');
    } finally {
      await person.close();
    }
  });

  it('refuses to register another device\'s batch, a seq without a batch, and a malformed body', async () => {
    const person = await setUpPerson(server());
    try {
      const { a, b, collection, collectionId } = person;
      await writeAndPush(a, collection, { name: 'One' });
      await writeAndPush(a, collection, { name: 'Two' });
      const path = checkpointsPath(toBase64url(collectionId));
      const token = await b.transport.hintToken();
      const codeOf = async (body: unknown) => {
        const reply = await postJson(server(), path, body, { token });
        return [reply.status, (reply.json() as { error?: { code?: string } }).error?.code];
      };
      expect(await codeOf({ seq: 2 })).toEqual([404, 'NOT_FOUND']);
      expect(await codeOf({ seq: 99 })).toEqual([404, 'NOT_FOUND']);
      expect(await codeOf({ seq: 'two' })).toEqual([400, 'BAD_INPUT']);
      expect(await codeOf({ seq: 2, extra: true })).toEqual([400, 'BAD_INPUT']);
    } finally {
      await person.close();
    }
  });
});
