/**
 * The bench convention: `bench/<name>.bench.ts` exports a Benchmark; `npm run bench -- <name>`
 * runs its reference and its cases interleaved in the same process, prints a table and one
 * JSON line (prefix BENCH_JSON) so results can be collected. Numbers are reported, never asserted.
 */
export interface BenchCase {
  readonly label: string;
  /** One operation; awaited when it returns a promise. */
  readonly run: () => unknown;
  /** Label of the case this one is compared with; the benchmark's reference when absent. */
  readonly comparesTo?: string;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  /** What the cases are compared against in the same run (e.g. the bare library call). */
  readonly reference: BenchCase;
  readonly cases: readonly BenchCase[];
  readonly setup?: () => Promise<void> | void;
  readonly teardown?: () => Promise<void> | void;
  /** What the table cannot say (latency percentiles, rates in the bench's own units), printed after it. */
  readonly report?: (results: readonly CaseResult[]) => { readonly text: string; readonly json: unknown };
  /** Operations between two looks at the clock; default 64. An operation of milliseconds needs 1. */
  readonly opsPerCheck?: number;
}

export interface CaseResult {
  readonly label: string;
  readonly reference: boolean;
  readonly opsPerSecond: number;
  readonly nsPerOp: number;
  /** Time per operation relative to its reference (1.0 = as fast; 2.0 = twice as slow). */
  readonly timeRatio: number;
  readonly comparedWith: string;
}

async function measure(benchCase: BenchCase, milliseconds: number, opsPerCheck = 64): Promise<number> {
  let operations = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(milliseconds) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    // Batches of 64 keep the clock out of the measurement.
    for (let i = 0; i < opsPerCheck; i++) {
      const result = benchCase.run();
      if (result instanceof Promise) await result;
    }
    operations += opsPerCheck;
    now = process.hrtime.bigint();
  }
  return operations / (Number(now - start) / 1e9);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export async function runBenchmark(bench: Benchmark, options: { rounds: number; milliseconds: number }): Promise<CaseResult[]> {
  await bench.setup?.();
  try {
    const all = [bench.reference, ...bench.cases];
    for (const benchCase of all) await measure(benchCase, 100, bench.opsPerCheck); // warm-up: JIT and caches
    const samples = new Map<string, number[]>(all.map((c) => [c.label, []]));
    // Interleaved rounds, so a slow moment of the machine hits every case alike.
    for (let round = 0; round < options.rounds; round++) {
      for (const benchCase of all) samples.get(benchCase.label)?.push(await measure(benchCase, options.milliseconds, bench.opsPerCheck));
    }
    return all.map((benchCase) => {
      const ops = median(samples.get(benchCase.label) ?? []);
      const comparedWith = benchCase.comparesTo ?? bench.reference.label;
      const referenceOps = median(samples.get(comparedWith) ?? []);
      return { label: benchCase.label, reference: benchCase === bench.reference, opsPerSecond: ops, nsPerOp: 1e9 / ops, timeRatio: referenceOps / ops, comparedWith };
    });
  } finally {
    await bench.teardown?.();
  }
}

export function formatTable(bench: Benchmark, results: readonly CaseResult[]): string {
  const rows = results.map((r) => [r.reference ? `${r.label} (reference)` : r.label, Math.round(r.opsPerSecond).toLocaleString('en-US'), r.nsPerOp.toFixed(0), `${r.timeRatio.toFixed(2)}x`, r.comparedWith]);
  const header = ['case', 'ops/s', 'ns/op', 'time ratio', 'compared with'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [`${bench.name}: ${bench.description}`, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
