/**
 * The shape of one benchmark module, and the timing helpers every module uses.
 *
 * A benchmark measures, then returns printable lines; each figure is shown beside its baseline *in
 * the same run* (same machine, same moment), as a ratio, so numbers from different machines are
 * never compared directly. docs/performance.md records the figures and how to reproduce them.
 */

/** `npm run bench -- --quick` (or BENCH_QUICK=1): fewer requests and runs where a benchmark allows it. */
export const QUICK: boolean = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

export interface Benchmark {
  /** Short name, used to select it: `npm run bench -- argon2`. */
  readonly name: string;
  readonly description: string;
  run(log: (line: string) => void): Promise<void>;
}

/** Time `runs` sequential calls of `fn`, in milliseconds. */
export async function timeRuns(runs: number, fn: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? Number.NaN;
  const lo = sorted[mid - 1] ?? hi;
  return sorted.length % 2 === 1 ? hi : (lo + hi) / 2;
}

export function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

/** "4.8x" = `value` takes 4.8 times as long as `baseline`. */
export function ratio(value: number, baseline: number): string {
  return `${(value / baseline).toFixed(2)}x`;
}

export function runsList(values: readonly number[]): string {
  return values.map((v) => Math.round(v)).join(', ');
}
