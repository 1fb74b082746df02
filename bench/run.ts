/**
 * Benchmark runner: `npm run bench` runs every benchmark, `npm run bench -- argon2` only the named
 * ones. Prints the machine it ran on first, so a pasted result carries its context. Add a benchmark
 * by writing a module that exports a `Benchmark` (bench/benchmark.ts) and listing it below.
 */
import { cpus, platform, release, totalmem } from 'node:os';
import { argon2Benchmark } from './argon2';
import type { Benchmark } from './benchmark';
import { vaultBenchmark } from './vault';
import { importBenchmark } from './import';
import { autofillBenchmark } from './autofill';

const BENCHMARKS: readonly Benchmark[] = [argon2Benchmark, vaultBenchmark, importBenchmark, autofillBenchmark];

function header(): string[] {
  const cpu = cpus();
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}`,
    `node: ${process.version}`,
  ];
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const selected = wanted.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => wanted.includes(b.name));
  if (selected.length === 0) {
    console.error(`no benchmark named ${wanted.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  for (const line of header()) console.log(line);
  for (const bench of selected) {
    console.log(`\n## ${bench.name}: ${bench.description}`);
    await bench.run((line) => console.log(`  ${line}`));
  }
}

await main();
