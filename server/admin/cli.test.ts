/**
 * The operator's command line against a real server's database, SQLite and PostgreSQL, opened from
 * the environment as `npm run admin` does (DATA_DIR or DATABASE_URL): devices with fingerprints and
 * last-seen marks; freezes that the running server honours at once; a JSON export of everything
 * stored; deletion that leaves no row of the account; compaction of expired rows; usage errors
 * with status 2; and one run as its own process through tsx.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { deviceSigner } from '../../shared/chains/test-fixtures';
import { toBase64url } from '../../shared/crypto/base64url';
import { identityChainPath } from '../../shared/protocol/api/identity-chain';
import { keyFingerprint } from '../../shared/protocol/key-fingerprint';
import type { DatabaseConfig } from '../config';
import { pushBatches, putHeartbeat } from '../testing/account-activity';
import { asAccount, createCollectionOn, enroll } from '../testing/collection-client';
import { describeOnDatabases } from '../testing/on-databases';
import { rowsMentioning } from '../testing/row-scan';
import { getJson, postJson, signIn } from '../testing/sync-client';
import { useTempDirs } from '../testing/temp-dir';
import { runAdmin } from './cli';
import { EXPORT_FORMAT } from './export-command';

const here = path.dirname(fileURLToPath(import.meta.url));
const tempDir = useTempDirs('vault-admin-');

function envOf(config: DatabaseConfig): Record<string, string> {
  return config.kind === 'sqlite' ? { DATA_DIR: path.dirname(config.file) } : { DATABASE_URL: config.url };
}

async function admin(config: DatabaseConfig | Record<string, string>, ...args: string[]) {
  let out = '';
  let err = '';
  const env = 'kind' in config ? envOf(config as DatabaseConfig) : config;
  const status = await runAdmin(args, { env, cwd: tempDir(), out: (text) => (out += text), err: (text) => (err += text) });
  return { status, out, err };
}

describeOnDatabases('npm run admin', ({ server, database, databaseConfig }) => {
  /** A person with two devices (both signed in), a collection with batches and a heartbeat. */
  async function person() {
    const first = await enroll(server());
    const identity = first.identity;
    const prev = identity.state.head;
    const second = identity.addDevice(deviceSigner(identity.first));
    await postJson(server(), identityChainPath(toBase64url(identity.id)), { entry: toBase64url(identity.entries[1] as Uint8Array), prev: toBase64url(prev) }, { token: first.token });
    const secondToken = await signIn(server(), asAccount(identity, second));
    const collection = await createCollectionOn(server(), first);
    await pushBatches(server(), identity, identity.first, first.token, collection, 2);
    await putHeartbeat(server(), identity, identity.first, first.token, [collection]);
    return { ...first, second, secondToken, collection, id: toBase64url(identity.id) };
  }

  it('lists devices by id and signing-key fingerprint, with revoked, frozen and last-seen marks', async () => {
    const p = await person();
    const listed = await admin(databaseConfig(), 'devices', p.id);
    expect(listed.status).toBe(0);
    expect(listed.out).toContain(`account ${p.id}: active, 2 device(s)`);
    for (const device of [p.identity.first, p.second]) {
      expect(listed.out).toContain(toBase64url(device.deviceId));
      expect(listed.out).toContain(keyFingerprint(device.signing.publicKey));
    }
    const json = await admin(databaseConfig(), 'devices', Buffer.from(p.identity.id).toString('hex'), '--json');
    const parsed = JSON.parse(json.out) as { devices: { id: string; revoked: boolean; lastSeenHour: number | null; lastHeartbeat: number | null }[] };
    const first = parsed.devices.find((d) => d.id === toBase64url(p.identity.first.deviceId));
    expect(first).toMatchObject({ revoked: false, lastSeenHour: expect.any(Number), lastHeartbeat: expect.any(Number) });
    expect(parsed.devices).toHaveLength(2);
    expect(JSON.stringify(parsed)).not.toMatch(/name/i);
  });

  it('freezes and unfreezes a device and an account, honoured by the running server at once', async () => {
    const p = await person();
    const read = async (token: string) => (await getJson(server(), identityChainPath(p.id), { token })).status;
    const device = toBase64url(p.second.deviceId);
    expect((await admin(databaseConfig(), 'freeze', 'device', p.id, device)).out).toMatch(/: frozen\n$/);
    expect([await read(p.token), await read(p.secondToken)]).toEqual([200, 403]);
    expect((await admin(databaseConfig(), 'freeze', 'device', p.id, device)).out).toMatch(/already frozen/);
    expect((await admin(databaseConfig(), 'devices', p.id)).out).toMatch(/frozen/);
    expect((await admin(databaseConfig(), 'unfreeze', 'device', p.id, device)).status).toBe(0);
    expect(await read(p.secondToken)).toBe(200);

    expect((await admin(databaseConfig(), 'freeze', 'account', p.id)).status).toBe(0);
    expect([await read(p.token), await read(p.secondToken)]).toEqual([403, 403]);
    expect((await admin(databaseConfig(), 'devices', p.id)).out).toContain('frozen since');
    expect((await admin(databaseConfig(), 'unfreeze', 'account', p.id)).status).toBe(0);
    expect(await read(p.token)).toBe(200);

    const unknown = await admin(databaseConfig(), 'freeze', 'device', p.id, toBase64url(new Uint8Array(16)));
    expect([unknown.status, unknown.err]).toEqual([1, 'no such device\n']);
  });

  it('exports everything stored for the account as JSON, to stdout or a 0600 file', async () => {
    const p = await person();
    const exported = await admin(databaseConfig(), 'export', p.id);
    expect(exported.status).toBe(0);
    const doc = JSON.parse(exported.out) as Record<string, unknown> & { collections: { id: string; chain: { entries: string[] }; log: { batches: number } }[] };
    expect(doc).toMatchObject({
      format: EXPORT_FORMAT,
      version: 1,
      account: { id: p.id, frozenAt: null, deletedAt: null },
      identityChain: { head: toBase64url(p.identity.state.head), entries: p.identity.entries.map(toBase64url) },
      sessions: { active: expect.any(Number) },
      heartbeats: [{ device: toBase64url(p.identity.first.deviceId), time: expect.any(Number), heartbeat: expect.any(String) }],
    });
    expect(doc.devices).toHaveLength(2);
    expect(doc.collections).toEqual([expect.objectContaining({ id: p.collection, role: 'owner', createdByAccount: true })]);
    expect(doc.collections[0]?.chain.entries).toHaveLength(1);
    expect(doc.collections[0]?.log).toMatchObject({ batches: 2, batchesByAccount: 2, seq: 2 });

    const file = path.join(tempDir(), 'export.json');
    expect((await admin(databaseConfig(), 'export', p.id, '--out', file)).out).toBe(`wrote ${file}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...doc, exportedAt: expect.any(Number) });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('deletes an account and every row of it, only with --yes', async () => {
    const p = await person();
    expect((await admin(databaseConfig(), 'delete', p.id)).status).toBe(2);
    const done = await admin(databaseConfig(), 'delete', p.id, '--yes');
    expect(done.status).toBe(0);
    expect(done.out).toContain('2 device(s), 1 collection(s) with 2 batch(es)');
    expect(done.out).toContain('identity chain deleted (2 entries)');
    const needles = { bytes: [p.identity.id, p.identity.first.deviceId, p.second.deviceId, Buffer.from(p.collection, 'base64url')] };
    expect(await rowsMentioning(database(), needles)).toEqual([]);
    expect(await getJson(server(), identityChainPath(p.id), { token: p.token }).then((res) => res.status)).toBe(401);
    const again = await admin(databaseConfig(), 'devices', p.id);
    expect([again.status, again.err]).toEqual([1, 'no such account\n']);
  });

  it('compacts expired challenges, sessions and old rate-limit windows', async () => {
    const p = await person();
    const db = database().db;
    const past = Date.now() - 2 * 60 * 60_000;
    await db.updateTable('sessions').set({ expires_at: past }).where('account_id', '=', Buffer.from(p.identity.id)).execute();
    await db.updateTable('auth_challenges').set({ expires_at: past }).where('account_id', '=', Buffer.from(p.identity.id)).execute();
    await db.insertInto('rate_limits').values({ bucket: 'f'.repeat(64), window_start: past, count: 3 }).execute();
    const done = await admin(databaseConfig(), 'compact');
    expect(done.status).toBe(0);
    expect(done.out).toMatch(/removed \d+ challenge\(s\), \d+ session\(s\), \d+ rate-limit window\(s\)/);
    if (databaseConfig().kind === 'sqlite') expect(done.out).toContain('(VACUUM)');
    const left = async (table: 'sessions' | 'auth_challenges') =>
      (await db.selectFrom(table).select('account_id').where('account_id', '=', Buffer.from(p.identity.id)).execute()).length;
    expect([await left('sessions'), await left('auth_challenges')]).toEqual([0, 0]);
    expect(await db.selectFrom('rate_limits').select('bucket').where('bucket', '=', 'f'.repeat(64)).executeTakeFirst()).toBeUndefined();
    expect((await getJson(server(), identityChainPath(p.id), { token: p.token })).status).toBe(401);
    expect((await getJson(server(), identityChainPath(p.id), { token: await signIn(server(), p.account) })).status).toBe(200);
  });

  it('runs as its own process through tsx, as npm run admin does', () => {
    const run = spawnSync(path.join(here, '..', '..', 'node_modules', '.bin', 'tsx'), [path.join(here, 'main.ts'), 'compact'], {
      env: { PATH: process.env.PATH ?? '', ...envOf(databaseConfig()) },
      encoding: 'utf8',
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^removed /);
  });
});

it('refuses bad command lines with status 2 and the usage, and a missing SQLite file with 1', async () => {
  const dir = { DATA_DIR: tempDir() };
  for (const args of [[], ['frobnicate'], ['devices'], ['devices', 'not-an-id'], ['freeze', 'disk', 'x'], ['export', 'x', '--out'], ['compact', 'now']]) {
    const run = await admin(dir, ...args);
    expect(run.status).toBe(2);
    expect(run.err).toContain('usage: npm run admin');
  }
  expect((await admin(dir, 'help')).out).toContain('usage: npm run admin');
  const missing = await admin(dir, 'compact');
  expect([missing.status, missing.err]).toEqual([1, `no database at ${path.join(dir.DATA_DIR, 'vault.sqlite')}: set DATA_DIR (or DATABASE_URL) as for the server\n`]);
  expect((await admin({ DATABASE_URL: 'mysql://x' }, 'compact')).status).toBe(2);
});
