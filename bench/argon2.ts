/**
 * Argon2id 64 MiB, t=3, p=4 (the suite v1 default, DESIGN.md §4) with three implementations:
 * - hash-wasm (WebAssembly, what the extension uses): the baseline, median of 5 after a warm-up;
 * - @noble/hashes (pure JavaScript, the cross-check in tests): 2 runs, it is slow;
 * - the reference C implementation's `argon2` command (Debian package `argon2`), timed as a whole
 *   process, with a 1 MiB t=1 p=1 run printed to show the process start cost. The CLI runs its p
 *   lanes in p threads; hash-wasm and noble run them one after another on one thread.
 * All three must print the same 32-byte tag for the same input, or the benchmark says so.
 */
import { spawnSync } from 'node:child_process';
import { argon2id as nobleArgon2id } from '@noble/hashes/argon2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { argon2idUnchecked, DEFAULT_KDF, warmArgon2 } from '../shared/crypto/argon2id';
import { type Benchmark, median, ms, ratio, runsList, timeRuns } from './benchmark';

const PASSWORD = 'password';
const SALT = 'somesalt';
const { m, t, p } = DEFAULT_KDF;
const LOG2_M = Math.log2(m);
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

interface CliRun {
  readonly ms: number;
  readonly hex: string;
}

function runCli(args: readonly string[], oneCore = false): CliRun | undefined {
  const command = ['argon2', SALT, '-id', ...args, '-l', '32', '-r'];
  const [file, ...rest] = oneCore ? ['taskset', '-c', '0', ...command] : command;
  const started = performance.now();
  const result = spawnSync(file ?? 'argon2', rest, { input: PASSWORD, encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.error !== undefined || result.status !== 0) return undefined;
  return { ms: elapsed, hex: result.stdout.trim() };
}

async function measureWasm(): Promise<{ times: number[]; hex: string }> {
  await warmArgon2();
  let hex = '';
  const times = await timeRuns(5, async () => {
    hex = bytesToHex(await argon2idUnchecked(encode(PASSWORD), encode(SALT), { m, t, p, length: 32 }));
  });
  return { times, hex };
}

function measureNoble(): Promise<{ times: number[]; hex: string }> {
  nobleArgon2id(PASSWORD, SALT, { m: 1024, t: 1, p: 1, dkLen: 32 });
  let hex = '';
  return timeRuns(2, () => {
    hex = bytesToHex(nobleArgon2id(PASSWORD, SALT, { m, t, p, dkLen: 32 }));
  }).then((times) => ({ times, hex }));
}

interface CliFigures {
  readonly times: number[];
  readonly oneCore: number[] | undefined;
  readonly hex: string;
  readonly startup: number;
}

function measureCli(): CliFigures | undefined {
  const tiny = runCli(['-t', '1', '-m', '10', '-p', '1']);
  if (tiny === undefined) return undefined;
  const startups = [tiny.ms, ...[1, 2].map(() => runCli(['-t', '1', '-m', '10', '-p', '1'])?.ms ?? Number.NaN)];
  const full = ['-t', String(t), '-m', String(LOG2_M), '-p', String(p)];
  const runs = [1, 2, 3].map(() => runCli(full));
  const pinned = [1, 2, 3].map(() => runCli(full, true));
  const oneCore = pinned.every((r) => r !== undefined) ? pinned.map((r) => r?.ms ?? Number.NaN) : undefined;
  return { times: runs.map((r) => r?.ms ?? Number.NaN), oneCore, hex: runs[0]?.hex ?? '', startup: median(startups) };
}

/** One result line: label, median, the runs, and the ratio to the baseline median. */
function line(label: string, times: readonly number[], note: string, base: number): string {
  return `${label.padEnd(14)} median ${ms(median(times))}   (runs: ${runsList(times)} ms${note})   ${ratio(median(times), base)}`;
}

export const argon2Benchmark: Benchmark = {
  name: 'argon2',
  description: `Argon2id ${m / 1024} MiB t=${t} p=${p}, 32-byte tag: hash-wasm vs @noble/hashes vs reference argon2 CLI`,
  async run(log) {
    const wasm = await measureWasm();
    const base = median(wasm.times);
    log(`${line('hash-wasm', wasm.times, ', after warm-up', base)} (baseline)`);
    const noble = await measureNoble();
    log(line('@noble/hashes', noble.times, '', base));
    const cli = measureCli();
    if (cli === undefined) {
      log('argon2 CLI     missing: not on PATH (install the reference implementation: apt-get install -y argon2)');
    } else {
      log(line('argon2 CLI', cli.times, `, whole process, ${p} threads`, base));
      if (cli.oneCore !== undefined) log(line('argon2 CLI', cli.oneCore, ', whole process, pinned to one core', base));
      log(`argon2 CLI     process start + 1 MiB t=1 p=1: ${ms(cli.startup)} (included in the figures above)`);
    }
    const tags = [wasm.hex, noble.hex, ...(cli === undefined ? [] : [cli.hex])];
    const agree = tags.every((tag) => tag === wasm.hex);
    log(agree ? `tags agree: ${wasm.hex}` : `tags DIFFER: ${tags.join(' / ')}`);
    const cliSummary = cli === undefined ? 'argon2 CLI missing' : `argon2 CLI ${ms(median(cli.times))} (${ratio(median(cli.times), base)})`;
    log(`summary: argon2id ${m / 1024}MiB t${t} p${p}  hash-wasm ${ms(base)}  | noble ${ms(median(noble.times))} (${ratio(median(noble.times), base)})  | ${cliSummary}`);
  },
};
