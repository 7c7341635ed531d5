// `npm run bench -- chunker`: the keyed chunker + blob ids against restic 0.14 over the same file
// (CHUNKER_BENCH_MIB, default 1024 MiB of random data, on the disk under the temp folder), then
// the dedup of a copy with 5% changed. The 1 GiB runs are timed once each (a file read through
// the page cache, both warm) in setup; the table then compares per-MiB costs in-process.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { deriveChunkerKeys } from '../electron/core/backup/chunker-keys.js';
import { KeyedChunker, keyedChunks, type Chunk, type CutFinderChoice } from '../electron/core/backup/keyed-chunker.js';
import type { Benchmark } from './harness.js';

const MIB = 1024 * 1024;
const sizeMib = Number(process.env.CHUNKER_BENCH_MIB ?? 1024);
const keys = deriveChunkerKeys(randomBytes(32));
const sample = randomBytes(MIB);
let dir: string;

async function writeFile(file: string, pieces: () => Generator<Buffer>): Promise<void> {
  const out = createWriteStream(file);
  for (const piece of pieces()) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await finished(out);
}

/** The original in 1 MiB random pieces, and a copy with 5% changed: 10 regions of 0.5%, overwritten, inserted or deleted. */
function* original(seed: Buffer[]): Generator<Buffer> {
  for (let i = 0; i < sizeMib; i++) yield (seed[i] = randomBytes(MIB));
}
function* edited(seed: readonly Buffer[]): Generator<Buffer> {
  const region = Math.round((sizeMib * MIB) / 200);
  const every = Math.floor(sizeMib / 10);
  for (let i = 0; i < sizeMib; i++) {
    const piece = seed[i] as Buffer;
    if (i % every !== every >> 1) yield piece;
    else if (i % 3 === 0) yield Buffer.concat([piece.subarray(0, 1000), randomBytes(region), piece.subarray(1000)]); // insert
    else if (i % 3 === 1) yield Buffer.concat([piece.subarray(0, 1000), randomBytes(Math.min(region, MIB - 1000))]); // overwrite
    else yield piece.subarray(0, 1000); // delete the rest of this MiB and more below
  }
}

async function chunkFile(file: string): Promise<{ seconds: number; chunks: Chunk[] }> {
  const start = process.hrtime.bigint();
  const chunks: Chunk[] = [];
  for await (const chunk of keyedChunks(createReadStream(file, { highWaterMark: MIB }), keys)) chunks.push({ ...chunk, bytes: Buffer.alloc(0) });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, chunks };
}

function restic(args: string[], repo: string): { seconds: number; output: string } {
  const start = process.hrtime.bigint();
  const output = execFileSync('restic', ['--repo', repo, '--no-cache', '--quiet', ...args], { env: { ...process.env, RESTIC_PASSWORD: 'bench' }, encoding: 'utf8', maxBuffer: 64 * MIB });
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, output };
}

const mbps = (seconds: number, bytes = sizeMib * MIB) => (bytes / seconds / 1e6).toFixed(0);

async function compareWithRestic(): Promise<void> {
  dir = mkdtempSync(path.join(tmpdir(), 'airlock-bench-chunker-'));
  const [a, b, repo] = ['a.bin', 'b.bin', 'repo'].map((name) => path.join(dir, name)) as [string, string, string];
  const seed: Buffer[] = [];
  await writeFile(a, () => original(seed));
  await writeFile(b, () => edited(seed));
  seed.length = 0;
  execFileSync('cat', [a, b], { stdio: ['ignore', 'ignore', 'inherit'] }); // both in the page cache
  restic(['init'], repo);
  const dry = restic(['backup', '--dry-run', a], repo);
  const first = restic(['backup', '--json', a], repo);
  const second = restic(['backup', '--json', b], repo);
  const summaryOf = (output: string) => JSON.parse(output.trim().split('\n').filter((line) => line.includes('"summary"')).pop() ?? '{}') as { data_added?: number };
  const ours = await chunkFile(a);
  const oursEdited = await chunkFile(b);
  const known = new Set(ours.chunks.map((c) => c.id.toString('hex')));
  const reused = oursEdited.chunks.filter((c) => known.has(c.id.toString('hex')));
  const reusedBytes = reused.reduce((sum, c) => sum + c.length, 0);
  const editedBytes = oursEdited.chunks.reduce((sum, c) => sum + c.length, 0);
  const lines = [
    `${sizeMib} MiB random file, read from the page cache (${process.version}, restic 0.14):`,
    `  keyed chunker + blob ids (1 thread):  ${ours.seconds.toFixed(2)} s = ${mbps(ours.seconds)} MB/s, ${ours.chunks.length} chunks, mean ${(sizeMib * MIB / ours.chunks.length / 1024).toFixed(0)} KiB`,
    `  restic backup --dry-run (all cores):  ${dry.seconds.toFixed(2)} s = ${mbps(dry.seconds)} MB/s   ratio restic/ours time: ${(dry.seconds / ours.seconds).toFixed(2)}x`,
    `  restic backup to a local repo:        ${first.seconds.toFixed(2)} s = ${mbps(first.seconds)} MB/s   ratio restic/ours time: ${(first.seconds / ours.seconds).toFixed(2)}x`,
    `5%-edited copy: ours reuses ${reused.length} of ${oursEdited.chunks.length} chunks (${((100 * reused.length) / oursEdited.chunks.length).toFixed(1)}%), ${((100 * reusedBytes) / editedBytes).toFixed(1)}% of bytes;` +
      ` restic added ${((summaryOf(second.output).data_added ?? NaN) / MIB).toFixed(1)} MiB for it (${((100 * (summaryOf(second.output).data_added ?? NaN)) / editedBytes).toFixed(1)}% of the copy; ours would add ${((editedBytes - reusedBytes) / MIB).toFixed(1)} MiB)`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  if (summaryOf(first.output).data_added === undefined) process.stdout.write('(restic printed no summary)\n');
}

const chunkOnce = (cutFinder: CutFinderChoice) => {
  const chunker = new KeyedChunker(keys, undefined, { cutFinder });
  return [...chunker.push(sample), ...chunker.finish()].length;
};

const bench: Benchmark = {
  name: 'chunker',
  description: 'keyed chunker + HMAC blob id per MiB of random data, vs. the HMAC alone (after the restic comparison above)',
  setup: compareWithRestic,
  teardown() {
    rmSync(dir, { recursive: true, force: true });
  },
  reference: { label: 'HMAC-SHA-256 of 1 MiB', run: () => createHmac('sha256', keys.blobIdKey).update(sample).digest() },
  cases: [
    { label: 'keyed chunker + id, 1 MiB (native cut finder, the default)', run: () => chunkOnce('native') },
    { label: 'keyed chunker + id, 1 MiB (JavaScript cut finder)', run: () => chunkOnce('javascript') },
  ],
};
export default bench;
