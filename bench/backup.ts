// `npm run bench -- backup [--size MiB]` (issue #16): Airlock's backup beside restic 0.14 (Debian's
// /usr/bin/restic) in one run, on the same generated data set (bench/backup-data.ts, default 1024 MiB)
// and the same kind of target (a local folder on the same disk): initial backup, incremental backup
// after ~5% changed, restore, full data check, repository sizes; prints the ratios and the load.
// restic runs with --no-cache: Airlock keeps no local cache either, and with a local repository a
// cache would only hold a second copy of files on the same disk. Both read the data from the page
// cache (warmed before each step). Keys: the container vectors' SOFTWARE test keys (the token's
// one unwrap and one signature per run are not what is measured). Numbers are reported, never asserted.
// The code measured is the code as shipped: the built JavaScript in dist/ (`npm run build:main`, run
// first, incremental), so the backup's worker threads run plain JS as in the app; under tsx each
// thread would transpile its TypeScript first (~0.35 s CPU a run for two threads, which the app never
// pays). `--code source` measures the TypeScript under tsx instead, for a before/after pair.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type * as BackupRun from '../electron/core/backup/backup-run.js';
import type * as RepositoryCheck from '../electron/core/backup/repository-check.js';
import type * as Repository from '../electron/core/backup/repository.js';
import type * as Restore from '../electron/core/backup/restore.js';
import type * as FolderTargetModule from '../electron/core/backup/targets/folder-target.js';
import type * as NativeAead from '../electron/core/crypto/native-aead.js';
import { testCertificateDer as der, testHolder, testSigner as signer } from '../tests/support/backup/software-keys.js';
import { editData, generateData } from './backup-data.js';

const MIB = 1024 * 1024;
const { values } = parseArgs({ args: process.argv.slice(3), allowPositionals: true, options: { size: { type: 'string', default: '1024' }, keep: { type: 'boolean', default: false }, code: { type: 'string', default: 'dist' } } });
const size = Number(values.size) * MIB;
const root = path.resolve(import.meta.dirname, '..');
if (values.code !== 'dist' && values.code !== 'source') throw new Error(`--code is dist (the built JavaScript, default) or source (the TypeScript under tsx), not ${values.code}`);
const fromDist = values.code === 'dist';
if (fromDist) {
  // tsc -b rebuilds only what changed; a failed build refuses to measure a stale dist/.
  try {
    execFileSync('npm', ['run', '--silent', 'build:main'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch {
    throw new Error('npm run build:main failed: the backup bench measures the built JavaScript in dist/ and will not measure an older build (or pass --code source)');
  }
}
/** The backup core's module `name` (under electron/core/backup/): from dist/ as built, or the TypeScript source. */
const core = async <Module>(name: string): Promise<Module> =>
  (await import(pathToFileURL(path.join(root, fromDist ? 'dist' : '', 'electron/core/backup', `${name}.${fromDist ? 'js' : 'ts'}`)).href)) as Module;
const { backupFolder } = await core<typeof BackupRun>('backup-run');
const { checkRepository } = await core<typeof RepositoryCheck>('repository-check');
const { initRepository, openRepository } = await core<typeof Repository>('repository');
const { restoreSnapshot } = await core<typeof Restore>('restore');
const { FolderTarget } = await core<typeof FolderTargetModule>('targets/folder-target');
const { nativeAead } = await import(pathToFileURL(path.join(root, fromDist ? 'dist' : '', 'electron/core/crypto', `native-aead.${fromDist ? 'js' : 'ts'}`)).href) as typeof NativeAead;
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
const dirty = execFileSync('git', ['status', '--porcelain', '--', 'electron', 'shared', 'native'], { cwd: root, encoding: 'utf8' }).trim() !== '';
const addon = nativeAead();
const codeRan = `${fromDist ? 'built JS from dist/' : 'TypeScript sources under tsx'}, commit ${commit}${dirty ? ' + uncommitted changes' : ''}; native addon ${addon.available ? 'loaded' : `not used (${addon.reason})`}`;
const user = testHolder('recipient-rsa');
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');

/** Wall and CPU seconds (user + system, all of this process's threads) of `work`. */
async function timed(work: () => unknown): Promise<{ wall: number; cpu: number }> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const used = process.cpuUsage(cpu);
  return { wall: (performance.now() - start) / 1000, cpu: (used.user + used.system) / 1e6 };
}
/** restic under GNU time: its wall and CPU seconds (a child's CPU is not in process.cpuUsage). */
function resticTimed(repo: string, args: string[]): { wall: number; cpu: number } {
  const start = performance.now();
  const report = path.join(dir, 'time.txt');
  execFileSync('/usr/bin/time', ['-o', report, '-f', '%U %S', 'restic', '--repo', repo, '--no-cache', '--quiet', ...args], { env: { ...process.env, RESTIC_PASSWORD: 'bench' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const wall = (performance.now() - start) / 1000;
  const [user = 0, system = 0] = readFileSync(report, 'utf8').trim().split(/\s+/).map(Number);
  return { wall, cpu: user + system };
}

const sh = (script: string, cwd: string) => execFileSync('sh', ['-c', script], { cwd, encoding: 'utf8', maxBuffer: 64 * MIB });
const restic = (repo: string, args: string[]) =>
  execFileSync('restic', ['--repo', repo, '--no-cache', '--quiet', ...args], { env: { ...process.env, RESTIC_PASSWORD: 'bench' }, encoding: 'utf8', maxBuffer: 64 * MIB, stdio: ['ignore', 'pipe', 'inherit'] });
const bytesUnder = (folder: string, cwd: string) => Number(sh(`du -sb --apparent-size '${folder}' | cut -f1`, cwd).trim());
const warm = (cwd: string) => sh("find data -type f -exec cat {} + > /dev/null", cwd);

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name)).sort();
}

const dir = await mkdtemp(path.join(tmpdir(), 'airlock-bench-backup-'));
const data = path.join(dir, 'data');
try {
  process.stdout.write(`backup bench: ${values.size} MiB data set in ${dir} (${process.version}, ${restic('/nonexistent', ['version']).trim() || 'restic'})\ncode measured: ${codeRan}\n`);
  const set = await generateData(data, size);
  process.stdout.write(`generated ${set.files} files, ${(bytesUnder('data', dir) / MIB).toFixed(0)} MiB\n`);
  const target = new FolderTarget(path.join(dir, 'ours'));
  await initRepository(target, [{ certificateDer: user.certificateDer, role: 'user' }, { certificateDer: der('recipient-ec'), role: 'recovery' }], () => undefined);
  const repository = await openRepository(target, user);
  restic(path.join(dir, 'restic'), ['init']);
  const rows: { step: string; ours: number; restic: number; oursCpu: number; resticCpu: number; load: string }[] = [];
  const step = async (name: string, ours: () => unknown, theirs: string[]) => {
    warm(dir);
    const o = await timed(ours);
    warm(dir);
    const r = resticTimed(path.join(dir, 'restic'), theirs);
    rows.push({ step: name, ours: o.wall, restic: r.wall, oursCpu: o.cpu, resticCpu: r.cpu, load: load() });
    process.stdout.write(`  ${name}: ours ${o.wall.toFixed(2)} s (CPU ${o.cpu.toFixed(2)} s), restic ${r.wall.toFixed(2)} s (CPU ${r.cpu.toFixed(2)} s), load ${load()}\n`);
  };

  await step('initial backup', () => backupFolder(repository, data, signer), ['backup', data]);
  const sizesAfterInitial = { ours: bytesUnder('ours', dir), restic: bytesUnder('restic', dir) };
  await editData(data, size, await filesUnder(data));
  let latest = '';
  await step('incremental backup (~5% changed)', async () => (latest = (await backupFolder(repository, data, signer)).snapshot), ['backup', data]);
  await step(
    'restore',
    () => restoreSnapshot(repository, latest, path.join(dir, 'restored-ours')),
    ['restore', 'latest', '--target', path.join(dir, 'restored-restic')],
  );
  // Both restores must equal the data (outside the timing).
  sh(`diff -r data restored-ours && diff -r data 'restored-restic${data}'`, dir);
  await step(
    'full data check',
    async () => {
      const report = await checkRepository(repository, { readData: 'all' });
      if (report.problems.length > 0) throw new Error(JSON.stringify(report.problems));
    },
    ['check', '--read-data'],
  );
  repository.close();
  const sizes = { ours: bytesUnder('ours', dir), restic: bytesUnder('restic', dir) };
  const lines = [
    '',
    `| step | Airlock wall (CPU) | restic 0.14 wall (CPU) | speed ratio, wall (restic ÷ ours) | CPU ratio (restic ÷ ours) | load (1/5/15 min) |`,
    `|---|---|---|---|---|---|`,
    ...rows.map((r) => `| ${r.step} | ${r.ours.toFixed(2)} s (${r.oursCpu.toFixed(2)} s) | ${r.restic.toFixed(2)} s (${r.resticCpu.toFixed(2)} s) | ${(r.restic / r.ours).toFixed(2)}× | ${(r.resticCpu / r.oursCpu).toFixed(2)}× | ${r.load} |`),
    `| repository after initial | ${(sizesAfterInitial.ours / MIB).toFixed(1)} MiB | ${(sizesAfterInitial.restic / MIB).toFixed(1)} MiB | size ours ÷ restic ${(sizesAfterInitial.ours / sizesAfterInitial.restic).toFixed(4)} | | |`,
    `| repository after incremental | ${(sizes.ours / MIB).toFixed(1)} MiB | ${(sizes.restic / MIB).toFixed(1)} MiB | size ours ÷ restic ${(sizes.ours / sizes.restic).toFixed(4)} | | |`,
    '',
    `code measured: ${codeRan}`,
    `uptime: ${sh('uptime', dir).trim()}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ bench: 'backup', code: codeRan, node: process.version, date: new Date().toISOString(), sizeMib: Number(values.size), rows, sizesAfterInitial, sizes })}\n`);
} finally {
  if (values.keep) process.stdout.write(`kept ${dir}\n`);
  else await rm(dir, { recursive: true, force: true });
}
