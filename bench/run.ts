/**
 * Benchmark runner: `npm run bench` runs every benchmark, `npm run bench -- argon2` only the named
 * ones, `npm run bench -- --quick` shorter runs (bench/benchmark.ts `QUICK`). Prints the machine it ran
 * on first, so a pasted result carries its context. Add a benchmark
 * by writing a module that exports a `Benchmark` (bench/benchmark.ts) and listing it below.
 */
import { cpus, platform, release, totalmem } from 'node:os';
import { argon2Benchmark } from './argon2';
import { type Benchmark, QUICK } from './benchmark';
import { vaultBenchmark } from './vault';
import { importBenchmark } from './import';
import { autofillBenchmark } from './autofill';
import { syncBytesBenchmark } from './sync-bytes';
import { syncPushBenchmark } from './sync-push';
import { syncLatencyBenchmark } from './sync-latency';
import { compactionBenchmark } from './compaction';

const BENCHMARKS: readonly Benchmark[] = [argon2Benchmark, vaultBenchmark, importBenchmark, autofillBenchmark, syncBytesBenchmark, syncPushBenchmark, syncLatencyBenchmark, compactionBenchmark];

function header(): string[] {
  const cpu = cpus();
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}`,
    `node: ${process.version}`,
  ];
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const selected = wanted.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => wanted.includes(b.name));
  if (selected.length === 0) {
    console.error(`no benchmark named ${wanted.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const line of header()) console.log(line);
  if (QUICK) console.log('quick run (--quick): fewer requests and runs');
  for (const bench of selected) {
    console.log(`\n## ${bench.name}: ${bench.description}`);
    const started = performance.now();
    await bench.run((line) => console.log(`  ${line}`));
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
}

await main();
