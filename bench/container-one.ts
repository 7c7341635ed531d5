// One container encrypt or decrypt of a file, for profiling (`node --cpu-prof --import tsx bench/container-one.ts`)
// and CPU time per GiB: prints wall seconds, process CPU seconds (user + system, every thread) and peak RSS.
//   ONE=encrypt|decrypt|both  FILE=/dev/shm/x.bin  (made of random bytes at BENCH_GIB when missing)  VERSION=2
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openContainer } from '../electron/core/documents/container-reader.js';
import { encryptContainer } from '../electron/core/documents/container-writer.js';
import { containerParties } from './container-parties.js';

const BYTES = Math.round(Number(process.env['BENCH_GIB'] ?? 0.5) * 1024 ** 3);
const file = process.env['FILE'] ?? '/dev/shm/airlock-one.bin';
const one = process.env['ONE'] ?? 'both';
const version = Number(process.env['VERSION'] ?? 2) as 1 | 2;
if (!existsSync(file)) {
  const block = randomBytes(16 * 1024 * 1024);
  writeFileSync(file, Buffer.alloc(0));
  for (let written = 0; written < BYTES; written += block.length) writeFileSync(file, block.subarray(0, Math.min(block.length, BYTES - written)), { flag: 'a' });
}
const size = statSync(file).size;
const { recipientCert, signer, trust, recipientKeys } = await containerParties();
const sealed = `${file}.alc`;
const encrypt = (from: string, to: string) => encryptContainer({ source: { kind: 'file', path: from }, output: to, label: { level: 'mat', caveats: [], originator: 'bench', date: '2026-11-25', declassifyOn: null }, metadata: { fileName: 'x.bin', mediaType: 'application/octet-stream' }, recipients: [recipientCert], signer, chain: [], version });
const back = `${file}.back`;

async function measure(name: string, work: () => Promise<unknown>): Promise<void> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const gib = size / 1024 ** 3;
  process.stdout.write(`${name} v${version} ${gib.toFixed(2)} GiB: ${(size / 1e6 / wall).toFixed(0)} MB/s, wall ${wall.toFixed(2)} s, CPU ${cpuSeconds.toFixed(2)} s = ${(cpuSeconds / gib).toFixed(2)} s/GiB (user ${(used.user / 1e6).toFixed(2)}, sys ${(used.system / 1e6).toFixed(2)}), peak RSS ${(peak / 1024 ** 2).toFixed(0)} MiB, load ${loadavg().map((v) => v.toFixed(1)).join(' ')}\n`);
}

// The chunk threads start once per process (under tsx they compile the sources, about a second):
// a 17 MiB encrypt first, so the figures are those of the work alone.
const warm = `${file}.warm`;
writeFileSync(warm, randomBytes(17 * 1024 * 1024));
await encrypt(warm, `${warm}.alc`);
rmSync(warm);
rmSync(`${warm}.alc`);
if (one === 'encrypt' || one === 'both') {
  rmSync(sealed, { force: true });
  await measure('encrypt', () => encrypt(file, sealed));
}
if (one === 'decrypt' || one === 'both') {
  rmSync(back, { force: true });
  await measure('decrypt', () => openContainer({ path: sealed, keys: recipientKeys(), trust, sink: { kind: 'file', path: back } }));
  rmSync(back, { force: true });
}
