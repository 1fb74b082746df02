#!/usr/bin/env node
/**
 * `npm test`: every suite in order, then one summary line over all of them.
 *
 *   1. Debian's Chromium is installed through apt when /usr/bin/chromium is missing.
 *   2. Type check (tsc), lint (ESLint) and the extension build each count as one check.
 *   3. Unit, property and server tests (Vitest) and the end-to-end suite (Playwright) count per test.
 *
 * A failing stage does not stop the later ones, so one run shows everything; the exit code is 1
 * when anything failed. The last line reads `N passed, N failed` (`, N skipped` when some skipped).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { startPostgres } from './postgres.mjs';

const totals = { passed: 0, failed: 0, skipped: 0 };
const stages = [];
mkdirSync('.tmp', { recursive: true });

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function record(name, ok) {
  totals[ok ? 'passed' : 'failed'] += 1;
  stages.push(`${name}: ${ok ? 'ok' : 'FAILED'}`);
  return ok;
}

function check(name, command, args) {
  console.log(`\n── ${name} ──`);
  return record(name, run(command, args));
}

function ensureChromium() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(chromium)) return true;
  console.log('Chromium is missing: installing Debian\'s chromium package through apt…');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (args) => run(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, { DEBIAN_FRONTEND: 'noninteractive' });
  return apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium']) && existsSync(chromium);
}

function countReport(name, file, read) {
  if (!existsSync(file)) {
    totals.failed += 1;
    stages.push(`${name}: no report (the runner did not finish)`);
    return;
  }
  const counts = read(JSON.parse(readFileSync(file, 'utf8')));
  for (const key of Object.keys(totals)) totals[key] += counts[key];
  stages.push(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}

const vitestCounts = (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests + (r.success === false && r.numFailedTests === 0 ? 1 : 0),
  skipped: r.numPendingTests + r.numTodoTests,
});

const playwrightCounts = (r) => ({
  passed: r.stats.expected + r.stats.flaky,
  failed: r.stats.unexpected + (r.errors?.length ?? 0),
  skipped: r.stats.skipped,
});

if (!ensureChromium()) record('chromium install', false);
check('type check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
check('lint', 'npx', ['eslint', '.']);
const built = check('build', 'npx', ['vite', 'build', '--logLevel', 'warn']);

console.log('\n── unit, property and server tests (SQLite and PostgreSQL) ──');
const postgres = startPostgres();
if (postgres.error) record(`postgres: ${postgres.error}`, false);
rmSync('.tmp/vitest.json', { force: true });
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=.tmp/vitest.json'], postgres.url ? { TEST_DATABASE_URL: postgres.url } : {});
postgres.stop?.();
countReport('vitest', '.tmp/vitest.json', vitestCounts);

console.log('\n── end-to-end (Playwright, headless Chromium) ──');
rmSync('.tmp/playwright.json', { force: true });
if (built) run('npx', ['playwright', 'test']);
countReport('playwright', '.tmp/playwright.json', playwrightCounts);

console.log('\n' + stages.join('\n'));
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
