// `npm run bench -- backup-operations`: check with data and prune beside restic 0.14 (Debian's) on
// the same data (BACKUP_OPS_BENCH_MIB, default 256 MiB of random files in 32 MiB pieces; then half
// the files replaced, a second backup, forget all but the last snapshot, prune every unused blob).
// The whole-repository operations are timed once each in setup and printed; the table compares the
// per-blob cost of opening a sealed 1 MiB blob (what check with data adds) with hashing it.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupFolder } from '../electron/core/backup/backup-run.js';
import { blobIdOf, openBlob, sealBlob } from '../electron/core/backup/blob-codec.js';
import { forgetSnapshots } from '../electron/core/backup/forget.js';
import { pruneRepository } from '../electron/core/backup/prune.js';
import { checkRepository } from '../electron/core/backup/repository-check.js';
import { generationKeys } from '../electron/core/backup/repository-keys.js';
import { initRepository, openRepository } from '../electron/core/backup/repository.js';
import { FolderTarget } from '../electron/core/backup/targets/folder-target.js';
import { softwareEcSigner } from '../tests/support/software-signer.js';
import { softwareRecipient } from '../tests/support/software-recipient.js';
import type { Benchmark } from './harness.js';

const MIB = 1024 * 1024;
const sizeMib = Number(process.env.BACKUP_OPS_BENCH_MIB ?? 256);
const keys = generationKeys(1, randomBytes(32));
const chunk = randomBytes(MIB);
const id = blobIdOf(keys, chunk);
const sealed = await sealBlob(keys, 'data', id, chunk);
let dir = '';
const timings: Record<string, number> = {};

const timed = async (label: string, work: () => unknown): Promise<void> => {
  const start = performance.now();
  await work();
  timings[label] = (performance.now() - start) / 1000;
};
const restic = (...args: string[]) => execFileSync('restic', ['-r', path.join(dir, 'restic'), '-q', ...args], { env: { ...process.env, RESTIC_PASSWORD: 'bench' }, stdio: ['ignore', 'ignore', 'inherit'] });

async function compareWithRestic(): Promise<void> {
  dir = mkdtempSync(path.join(tmpdir(), 'airlock-bench-ops-'));
  const data = path.join(dir, 'data');
  mkdirSync(data);
  const pieces = Math.max(2, Math.round(sizeMib / 32));
  const fill = (from: number) => {
    for (let i = from; i < pieces; i++) writeFileSync(path.join(data, `tệp-${i}.bin`), randomBytes((sizeMib / pieces) * MIB));
  };
  fill(0);
  const holder = await softwareRecipient('ec', 'Bench holder');
  writeFileSync(path.join(dir, 'key.pem'), holder.privateKeyPem);
  writeFileSync(path.join(dir, 'cert.pem'), new X509Certificate(Buffer.from(holder.certificateDer)).toString());
  const signer = softwareEcSigner(path.join(dir, 'key.pem'), path.join(dir, 'cert.pem'));
  const target = new FolderTarget(path.join(dir, 'airlock'));
  await initRepository(target, [{ certificateDer: holder.certificateDer, role: 'user' }, { certificateDer: holder.certificateDer, role: 'recovery' }], () => undefined);
  const repository = await openRepository(target, holder);
  restic('init');
  await backupFolder(repository, data, signer);
  restic('backup', data);
  await timed('airlock check --read-data', () => checkRepository(repository, { readData: 'all' }));
  await timed('restic check --read-data', () => restic('check', '--read-data'));
  fill(Math.floor(pieces / 2));
  await backupFolder(repository, data, signer);
  restic('backup', data);
  await forgetSnapshots(repository, { last: 1 });
  restic('forget', '--keep-last', '1');
  const before = (await target.list('data/')).reduce((sum, entry) => sum + entry.size, 0);
  let after = 0;
  await timed('airlock prune', async () => (after = (await pruneRepository(repository, { repackUnused: 0 })).bytesAfter));
  await timed('restic prune --max-unused 0', () => restic('prune', '--max-unused', '0'));
  repository.close();
  const lines = Object.entries(timings).map(([label, seconds]) => `${label.padEnd(30)} ${seconds.toFixed(2)} s`);
  const ratio = (ours: string, theirs: string) => ((timings[theirs] ?? 0) / (timings[ours] ?? 1)).toFixed(2);
  process.stdout.write(
    `${sizeMib} MiB, ${pieces} files; prune freed ${((before - after) / MIB).toFixed(0)} MiB of ${(before / MIB).toFixed(0)}\n${lines.join('\n')}\n` +
      `restic's time ÷ ours: check --read-data ${ratio('airlock check --read-data', 'restic check --read-data')}×, prune ${ratio('airlock prune', 'restic prune --max-unused 0')}×\n`,
  );
}

const bench: Benchmark = {
  name: 'backup-operations',
  description: 'check with data and prune beside restic 0.14 (timed once in setup, printed above); per-blob cost of opening a sealed 1 MiB blob',
  setup: compareWithRestic,
  teardown: () => rmSync(dir, { recursive: true, force: true }),
  reference: { label: 'SHA-256 of 1 MiB', run: () => createHash('sha256').update(chunk).digest() },
  cases: [{ label: 'open a sealed 1 MiB blob (AES-GCM, HMAC id)', run: () => openBlob(keys, 'data', id, sealed, 'bench') }],
  opsPerCheck: 4,
  report: () => ({ text: '', json: timings }),
};
export default bench;
