// Container throughput on a 1 GiB file, side by side in one run: container versions 1 and 2,
// `age` (Debian package) encrypting and decrypting the same file, age followed by a sync of its
// output (Airlock syncs before the rename), and a bare node:crypto AES-256-GCM pass over the same
// bytes. On the disk and on tmpfs. Prints MB/s, the ratios, and the peak RSS and CPU seconds per GiB of each Airlock row.
// Goals (issue #18): tmpfs ≥ 1.0× age and ≥ 0.8× bare; disk ≥ 1.0× "age then sync"; memory flat.
//   npm run bench:container        (BENCH_GIB=0.25 for a quicker run, ROUNDS=5 for steadier medians)
import { execFileSync } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { CHUNK_SIZE } from '../electron/core/documents/container-format.js';
import { openContainer } from '../electron/core/documents/container-reader.js';
import { encryptContainer } from '../electron/core/documents/container-writer.js';
import { containerParties } from './container-parties.js';

const BYTES = Math.round(Number(process.env['BENCH_GIB'] ?? 1) * 1024 ** 3);
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
const mbps = (seconds: number) => BYTES / 1e6 / seconds;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
async function time(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

// The machine is shared: its load average, before and after, says how much of two cores the rows got.
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const loadBefore = load();
const dir = await mkdtemp(path.join(tmpdir(), 'airlock-bench-container-'));
try {
  const input = path.join(dir, 'input.bin');
  const block = randomBytes(16 * 1024 * 1024);
  writeFileSync(input, Buffer.alloc(0));
  for (let written = 0; written < BYTES; written += block.length) writeFileSync(input, block.subarray(0, Math.min(block.length, BYTES - written)), { flag: 'a' });
  const { recipientCert, signer, trust, recipientKeys } = await containerParties();
  execFileSync('age-keygen', ['-o', path.join(dir, 'age.key')], { stdio: 'ignore' });
  const ageRecipient = /public key: (\S+)/.exec(readFileSync(path.join(dir, 'age.key'), 'utf8'))?.[1] ?? '';

  // Two output folders: the disk (where Airlock syncs and age does not) and, when there is one,
  // a RAM-backed tmpfs, where a sync costs nothing, so the rows compare the CPU work alone.
  const folders = [{ name: 'disk', dir }, ...(existsSync('/dev/shm') ? [{ name: 'tmpfs', dir: await mkdtemp('/dev/shm/airlock-bench-') }] : [])];
  const results: Record<string, number[]> = {};
  const record = (name: string, seconds: number) => (results[name] ??= []).push(seconds);
  // Peak resident memory during a row, sampled every 20 ms (rows run one at a time).
  const peaks: Record<string, number> = {};
  // And the CPU time the row took (user + system, every thread of this process): on a loaded machine
  // the wall time says how much of two cores the row got, the CPU time what the work costs.
  const cpu: Record<string, number[]> = {};
  const measured = async (name: string, work: () => Promise<unknown>) => {
    let peak = process.memoryUsage.rss();
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
    const before = process.cpuUsage();
    try {
      record(name, await time(work));
      const used = process.cpuUsage(before);
      (cpu[name] ??= []).push((used.user + used.system) / 1e6 / (BYTES / 1024 ** 3));
    } finally {
      clearInterval(sampler);
      peaks[name] = Math.max(peaks[name] ?? 0, peak);
    }
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, so cache and thermal state favour no one.
      record(
        'bare',
        await time(async () => {
          const key = randomBytes(32);
          let index = 0;
          for await (const piece of createReadStream(input, { highWaterMark: 16 * CHUNK_SIZE })) {
            for (let offset = 0; offset < (piece as Buffer).length; offset += CHUNK_SIZE) {
              const iv = Buffer.alloc(12);
              iv.writeUInt32BE(index++, 8);
              const cipher = createCipheriv('aes-256-gcm', key, iv);
              cipher.update((piece as Buffer).subarray(offset, offset + CHUNK_SIZE));
              cipher.final();
            }
          }
        }),
      );
      for (const folder of folders) {
        const out = (name: string) => path.join(folder.dir, name);
        for (const version of [1, 2] as const) {
          await measured(`${folder.name}.v${version}Encrypt`, () => encryptContainer({ source: { kind: 'file', path: input }, output: out(`out${version}.alc`), label: { level: 'mat', caveats: [], originator: 'bench', date: '2026-11-25', declassifyOn: null }, metadata: { fileName: 'input.bin', mediaType: 'application/octet-stream' }, recipients: [recipientCert], signer, chain: [], sizeHint: BYTES, version }));
        }
        record(`${folder.name}.ageEncrypt`, await time(() => execFileSync('age', ['-r', ageRecipient, '-o', out('out.age'), input])));
        // age does not sync its output; Airlock must (a rename before the data is durable could leave
        // an empty file after a power cut). The same age run followed by coreutils' sync of that file:
        record(
          `${folder.name}.ageEncryptSynced`,
          await time(() => {
            execFileSync('age', ['-r', ageRecipient, '-o', out('out.age'), input]);
            execFileSync('sync', [out('out.age')]);
          }),
        );
        for (const version of [1, 2] as const) {
          await measured(`${folder.name}.v${version}Decrypt`, () => openContainer({ path: out(`out${version}.alc`), keys: recipientKeys(), trust, sink: { kind: 'file', path: out(`back${version}.bin`) } }));
        }
        record(`${folder.name}.ageDecrypt`, await time(() => execFileSync('age', ['-d', '-i', path.join(dir, 'age.key'), '-o', out('back.age.bin'), out('out.age')])));
        record(
          `${folder.name}.ageDecryptSynced`,
          await time(() => {
            execFileSync('age', ['-d', '-i', path.join(dir, 'age.key'), '-o', out('back.age.bin'), out('out.age')]);
            execFileSync('sync', [out('back.age.bin')]);
          }),
        );
        for (const name of ['out1.alc', 'out2.alc', 'out.age', 'back1.bin', 'back2.bin', 'back.age.bin']) await rm(out(name), { force: true });
      }
    }
  } finally {
    for (const folder of folders.slice(1)) await rm(folder.dir, { recursive: true, force: true });
  }
  const rate = (name: string) => mbps(median(results[name] ?? []));
  const line = (label: string, value: number, extra = '') => process.stdout.write(`  ${label.padEnd(58)} ${value.toFixed(0).padStart(5)} MB/s${extra}\n`);
  const mib = (name: string) => `, peak RSS ${((peaks[name] ?? 0) / 1024 ** 2).toFixed(0)} MiB, CPU ${median(cpu[name] ?? []).toFixed(2)} s/GiB`;
  process.stdout.write(`\nContainer throughput, ${(BYTES / 1024 ** 3).toFixed(2)} GiB file, median of ${ROUNDS} interleaved rounds; load average ${loadBefore} before, ${load()} after:\n`);
  line('bare node:crypto AES-256-GCM pass (read + encrypt, 64 KiB chunks)', rate('bare'));
  for (const folder of folders) {
    const f = (name: string) => rate(`${folder.name}.${name}`);
    process.stdout.write(`Output on ${folder.name === 'disk' ? `the disk (${dir})` : 'tmpfs (/dev/shm: RAM, a sync costs nothing — the CPU work alone)'}:\n`);
    const ratios = (name: string, age: string) => `   ${(f(name) / f(age)).toFixed(2)}× age, ${(f(name) / f(`${age}Synced`)).toFixed(2)}× age+sync, ${(f(name) / rate('bare')).toFixed(2)}× bare${mib(`${folder.name}.${name}`)}`;
    for (const version of [1, 2]) line(`airlock v${version} encrypt (read, seal, hash, write, sync, sign)`, f(`v${version}Encrypt`), ratios(`v${version}Encrypt`, 'ageEncrypt'));
    line('age encrypt', f('ageEncrypt'));
    line('age encrypt, then sync of its output (Airlock\'s durability)', f('ageEncryptSynced'));
    for (const version of [1, 2]) line(`airlock v${version} decrypt to a file (all checks, sync, rename)`, f(`v${version}Decrypt`), ratios(`v${version}Decrypt`, 'ageDecrypt'));
    line('age decrypt', f('ageDecrypt'));
    line('age decrypt, then sync of its output', f('ageDecryptSynced'));
  }
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ name: 'container', bytes: BYTES, rounds: ROUNDS, loadBefore, loadAfter: load(), mbps: Object.fromEntries(Object.keys(results).map((name) => [name, rate(name)])), peakRssMiB: Object.fromEntries(Object.entries(peaks).map(([name, bytes]) => [name, Math.round(bytes / 1024 ** 2)])), cpuSecondsPerGiB: Object.fromEntries(Object.entries(cpu).map(([name, values]) => [name, Number(median(values).toFixed(3))])) })}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
