// `npm run bench -- <name> [--rounds N] [--ms N]`: runs bench/<name>.bench.ts.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatTable, runBenchmark, type Benchmark } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, ''));
// Benches too slow for the ops/s harness (whole files) are scripts of their own, run as they are;
// they read their own options (e.g. `backup --size 256`).
const scripts = ['signing', 'backup'];
const script = process.argv[2];
if (script !== undefined && scripts.includes(script)) {
  await import(pathToFileURL(path.join(here, `${script}.ts`)).href);
  process.exit(0);
}
const { positionals, values } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '5' }, ms: { type: 'string', default: '500' } } });
const name = positionals[0];
if (name === undefined || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- <name> [--rounds N] [--ms N]\navailable: ${[...available, ...scripts].join(', ')}\n`);
  process.exit(2);
}
const bench = ((await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as { default: Benchmark }).default;
const results = await runBenchmark(bench, { rounds: Number(values.rounds), milliseconds: Number(values.ms) });
process.stdout.write(formatTable(bench, results) + '\n');
const report = bench.report?.(results);
if (report !== undefined) process.stdout.write(`${report.text}\n`);
process.stdout.write(`BENCH_JSON ${JSON.stringify({ bench: bench.name, node: process.version, date: new Date().toISOString(), results, ...(report === undefined ? {} : { report: report.json }) })}\n`);
