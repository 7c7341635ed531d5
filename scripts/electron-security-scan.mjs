// Electron security scan (@doyensec/electronegativity) of the built main process, bridges and
// renderer page. The tool exits 0 even with findings, so this reads its CSV and fails on any row.
// First, the packaging checks of the field cipher's addon and the zstd binding (scripts/native-addon-packaging.mjs).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { addonPackagingProblems, zstdPackagingProblems } from './native-addon-packaging.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// The package must carry the field cipher's addon, unpacked from the asar (else node:crypto silently).
const addonFile = 'native/field-aead/build/Release/field_aead.node';
const packaging = addonPackagingProblems(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'), addonFile);
if (!existsSync(path.join(root, addonFile))) packaging.push(`${addonFile} is not built; run "npm run build:native" first`);
// The zstd binding: unpacked from the asar, and its platform package installed and working here.
packaging.push(...zstdPackagingProblems(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')));
try {
  const zstd = createRequire(import.meta.url)('@mongodb-js/zstd');
  const sample = Buffer.from('airlock zstd packaging check '.repeat(100));
  if (!(await zstd.decompress(await zstd.compress(sample))).equals(sample)) packaging.push('the zstd binding does not give back what it compressed');
} catch (error) {
  packaging.push(`the zstd binding does not load (${error instanceof Error ? error.message : String(error)}); run "npm ci"`);
}
if (packaging.length > 0) {
  console.error(`packaging check: ${packaging.join('\n')}`);
  process.exit(1);
}

for (const part of ['electron', 'bridge', 'renderer']) {
  if (!existsSync(path.join(dist, part))) {
    console.error(`security scan: dist/${part} is missing; run "npm run build" first.`);
    process.exit(2);
  }
}

// Scan a copy of what ships, without node_modules or source maps.
const work = mkdtempSync(path.join(tmpdir(), 'airlock-scan-'));
const target = path.join(work, 'app');
try {
  for (const part of ['electron', 'bridge', 'renderer']) {
    cpSync(path.join(dist, part), path.join(target, part), { recursive: true, filter: (file) => !file.endsWith('.map') });
  }
  cpSync(path.join(root, 'package.json'), path.join(target, 'package.json'));
  const report = path.join(work, 'report.csv');
  const excluded = [
    // Online: asks the Internet for newer Electron releases.
    'AvailableSecurityFixesGlobalCheck',
    // Not a finding: it only reports the Electron version read from package.json.
    'ElectronVersionJSONCheck',
  ];
  const run = spawnSync(
    process.execPath,
    ['-r', path.join(root, 'scripts', 'offline-guard.cjs'), path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js'), '-i', target, '-x', excluded.join(','), '-o', report, '-r'],
    { encoding: 'utf8', env: { ...process.env, LANG: 'en-US' }, timeout: 300_000 },
  );
  if (run.status !== 0 || !existsSync(report)) {
    console.error(`security scan: electronegativity did not complete (exit ${run.status}).\n${run.stdout}\n${run.stderr}`);
    process.exit(2);
  }
  const findings = readFileSync(report, 'utf8').trim().split('\n').slice(1).filter((line) => line.trim() !== '');
  if (findings.length > 0) {
    console.error(`security scan: ${findings.length} finding(s):\n${findings.join('\n')}`);
    process.exit(1);
  }
  console.log('security scan: electronegativity found nothing.');
} finally {
  if (process.env.KEEP_SCAN) console.error(work); else rmSync(work, { recursive: true, force: true });
}
