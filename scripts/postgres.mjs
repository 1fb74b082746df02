/**
 * A throwaway PostgreSQL 15 for the test run: installs Debian's `postgresql` through apt when its
 * binaries are missing, makes a temporary cluster owned by the `postgres` user (PostgreSQL refuses
 * to run as root), starts it on its own port on 127.0.0.1 with trust auth, and stops and removes
 * it afterwards. The server's conformance tests run against it through TEST_DATABASE_URL.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = '/usr/lib/postgresql/15/bin';

function sh(command, args, options = {}) {
  return spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...options });
}

function asPostgres(command) {
  const isRoot = process.getuid?.() === 0;
  return isRoot ? sh('su', ['postgres', '-c', command]) : sh('sh', ['-c', command]);
}

function install() {
  if (existsSync(path.join(BIN, 'initdb'))) return true;
  console.log("PostgreSQL is missing: installing Debian's postgresql package through apt…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const prefix = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => sh(prefix[0] ?? 'apt-get', prefix.length ? ['apt-get', ...args] : args, { env, stdio: 'inherit' }).status === 0;
  return apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'postgresql']) && existsSync(path.join(BIN, 'initdb'));
}

/** A port nobody listens on now (asked of the kernel by a short-lived child process). */
function freePort() {
  const probe = sh(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"]);
  const port = Number(probe.stdout.trim());
  return Number.isInteger(port) && port > 0 ? port : 55432;
}

/** Starts a cluster; returns { url, stop } or { error }. */
export function startPostgres() {
  if (!install()) return { error: 'could not install PostgreSQL 15' };
  const PORT = freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'vault-pg-'));
  chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) sh('chown', ['-R', 'postgres:postgres', dir]);
  const init = asPostgres(`${BIN}/initdb -A trust -U postgres -D ${data} >/dev/null`);
  if (init.status !== 0) return { error: `initdb failed: ${init.stderr}` };
  const start = asPostgres(`${BIN}/pg_ctl -D ${data} -l ${dir}/log -o "-p ${PORT} -k ${dir} -c listen_addresses=127.0.0.1" -w start >/dev/null`);
  if (start.status !== 0) return { error: `pg_ctl start failed: ${start.stderr}` };
  const created = asPostgres(`${BIN}/createdb -h 127.0.0.1 -p ${PORT} -U postgres vault_test`);
  const stop = () => {
    asPostgres(`${BIN}/pg_ctl -D ${data} -m fast -w stop >/dev/null`);
    rmSync(dir, { recursive: true, force: true });
  };
  if (created.status !== 0) {
    stop();
    return { error: `createdb failed: ${created.stderr}` };
  }
  return { url: `postgres://postgres@127.0.0.1:${PORT}/vault_test`, stop };
}
