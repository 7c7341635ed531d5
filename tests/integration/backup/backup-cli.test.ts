// `airlock backup …` (electron/cli/cli-backup.ts) as a cipher officer or a scheduler runs it: the real
// command (through tsx), the SoftHSM token through the token process, a zone policy signed with
// openssl and checked against the roots in the environment, real folders. The recovery certificate
// is a SOFTWARE stand-in's (only its certificate is used here).
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CliFolder } from '../../support/airlock-cli.js';
import { usbCliPlace } from '../../support/backup/cli-place.js';
import { teardownAfterSuite } from '../../support/teardown.js';

describe('airlock backup init|run|list|restore|check: exit codes and --json on the app’s backup service (real token, signed policy, files)', () => {
  const teardown = teardownAfterSuite();
  let cli: CliFolder;
  let policyPath: string;
  let usb: string;
  let source: string;
  let known: string;

  // The first command starts the officer's memory (--new-known); the others name it (--known).
  const common = (zone = 'van-phong', memory = '--known') => ['--policy', policyPath, '--zone', zone, '--target', 'usb', '--folder', usb, memory, known, ...cli.crlArgs, '--json'];

  before(async () => {
    ({ cli, policyPath, usb, known } = await usbCliPlace(teardown));
    source = path.join(cli.dir, 'Hồ sơ');
    await mkdir(path.join(source, 'Đợt 1'), { recursive: true });
    await writeFile(path.join(source, 'Đợt 1', 'Tờ trình.txt'), 'Tờ trình số 7.');
    await writeFile(path.join(source, 'ghi chú.txt'), 'Ghi chú.');
  });

  it('init prepares the place once; a second init finds it (exit 0 both, --json says created)', async () => {
    const first = await cli.run(['backup', 'init', ...common('van-phong', '--new-known')]);
    assert.equal(first.code, 0, first.stderr + JSON.stringify(first.json));
    assert.deepEqual([first.json?.['ok'], first.json?.['command'], first.json?.['created']], [true, 'backup init', true]);
    assert.match(String(first.json?.['repository']), /^[0-9a-f]{32}$/);
    const second = await cli.run(['backup', 'init', ...common()]);
    assert.equal(second.code, 0, second.stderr);
    assert.deepEqual([second.json?.['created'], second.json?.['repository']], [false, first.json?.['repository']]);
  });

  it('run backs up the sources; list shows the snapshot with its level; restore latest brings one chosen file into a new folder', async () => {
    const ran = await cli.run(['backup', 'run', ...common(), '--source', source]);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual([ran.json?.['snapshots'], ran.json?.['files']], [1, 2]);
    const listed = await cli.run(['backup', 'list', ...common()]);
    assert.equal(listed.code, 0, listed.stderr);
    const snapshots = listed.json?.['snapshots'] as { level: string; restorable: boolean; files: number; paths: string[] }[];
    assert.deepEqual(snapshots.map((snapshot) => [snapshot.level, snapshot.restorable, snapshot.files, snapshot.paths]), [['mat', true, 2, [source]]]);
    const into = path.join(cli.dir, 'restored');
    const restored = await cli.run(['backup', 'restore', ...common(), '--snapshot', 'latest', '--to', into, '--path', 'Đợt 1/Tờ trình.txt']);
    assert.equal(restored.code, 0, restored.stderr);
    const folder = String(restored.json?.['folder']);
    assert.equal(path.dirname(folder), into);
    assert.match(path.basename(folder), /^Khôi phục /);
    assert.deepEqual(await readdir(folder), ['Đợt 1']);
    assert.equal(await readFile(path.join(folder, 'Đợt 1', 'Tờ trình.txt'), 'utf8'), 'Tờ trình số 7.');
  });

  it('check: exit 0 when clean; exit 5 naming the damaged pack after a flipped byte', async () => {
    const clean = await cli.run(['backup', 'check', ...common()]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.equal(clean.json?.['clean'], true);
    const [sub] = await readdir(path.join(usb, 'data'));
    const [pack] = await readdir(path.join(usb, 'data', sub ?? ''));
    const file = path.join(usb, 'data', sub ?? '', pack ?? '');
    const bytes = await readFile(file);
    bytes[64] = (bytes[64] ?? 0) ^ 0x80;
    await writeFile(file, bytes);
    const damaged = await cli.run(['backup', 'check', ...common()]);
    assert.equal(damaged.code, 5, damaged.stderr);
    assert.equal(damaged.json?.['ok'], false);
    // The pack by name, and the snapshot whose blobs it held (found through the packs' own headers).
    const problems = damaged.json?.['problems'] as { object: string; problem: string }[];
    assert.deepEqual(problems[0], { object: `data/${sub}/${pack}`, problem: 'hashMismatch' });
    assert.deepEqual(new Set(problems.slice(1).map((problem) => problem.problem)), new Set(['blobMissing']));
    bytes[64] = (bytes[64] ?? 0) ^ 0x80;
    await writeFile(file, bytes);
  });

  it('drill latest: exit 0 with --json "same" when the folder is as backed up; exit 5 listing the differences after an edit; nothing written in its working folder (the audit: backup-service.test.ts, same service)', async () => {
    const beside = async () => (await readdir(cli.dir)).sort();
    const before = await beside();
    const same = await cli.run(['backup', 'drill', 'latest', ...common()]);
    assert.equal(same.code, 0, same.stderr);
    assert.deepEqual([same.json?.['command'], same.json?.['same'], same.json?.['files'], same.json?.['folder'], same.json?.['differences']], ['backup drill', true, 2, source, []]);
    const note = path.join(source, 'ghi chú.txt');
    await writeFile(note, 'Ghi chú đã sửa.');
    const snapshot = String(same.json?.['snapshot']);
    const differs = await cli.run(['backup', 'drill', ...common(), '--snapshot', snapshot]);
    await writeFile(note, 'Ghi chú.');
    assert.equal(differs.code, 5, differs.stderr);
    assert.deepEqual([differs.json?.['ok'], differs.json?.['problem'], differs.json?.['differenceCount']], [false, 'backup.drillDiffers', 2]);
    assert.deepEqual((differs.json?.['differences'] as { kind: string; path: string }[]).map((item) => `${item.kind} ${item.path}`).sort(), ['mtime ghi chú.txt', 'size ghi chú.txt']);
    assert.deepEqual(await beside(), before, 'no folder made');
    const usage = await cli.run(['backup', 'drill', ...common()]);
    assert.equal(usage.code, 2, usage.stderr);
  });

  it('check --read-data opens every blob; forget --keep-last 1 --prune removes the older backup and reclaims its data (--dry-run first: nothing removed)', async () => {
    const data = await cli.run(['backup', 'check', ...common(), '--read-data']);
    assert.equal(data.code, 0, data.stderr);
    assert.ok(Number(data.json?.['dataBlobs']) >= 3);
    await writeFile(path.join(source, 'ghi chú.txt'), 'Ghi chú, sửa lần hai.');
    const second = await cli.run(['backup', 'run', ...common(), '--source', source]);
    assert.equal(second.code, 0, second.stderr);
    const dry = await cli.run(['backup', 'forget', ...common(), '--keep-last', '1', '--prune', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual([dry.json?.['kept'], (dry.json?.['removed'] as string[]).length], [1, 1]);
    const listed = await cli.run(['backup', 'list', ...common()]);
    assert.equal((listed.json?.['snapshots'] as unknown[]).length, 2);
    const pruned = await cli.run(['backup', 'prune', ...common(), '--keep-last', '1']);
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.deepEqual(pruned.json?.['removed'], dry.json?.['removed']);
    assert.ok(Number(pruned.json?.['freedBytes']) >= 0);
    const after = await cli.run(['backup', 'list', ...common()]);
    assert.equal((after.json?.['snapshots'] as unknown[]).length, 1);
    const clean = await cli.run(['backup', 'check', ...common(), '--read-data']);
    assert.equal(clean.code, 0, clean.stderr);
    const noRule = await cli.run(['backup', 'forget', ...common()]);
    assert.equal(noRule.code, 2);
  });

  it('the policy decides: the cipher network may not use the drive (exit 10); the Internet zone lists but may not restore a Mật backup (exit 10)', async () => {
    const cipher = await cli.run(['backup', 'list', ...common('co-yeu')]);
    assert.equal(cipher.code, 10, cipher.stderr);
    assert.equal(cipher.json?.['problem'], 'backup.targetNotAllowed');
    const internet = await cli.run(['backup', 'restore', ...common('internet'), '--snapshot', 'latest', '--to', path.join(cli.dir, 'internet')]);
    assert.equal(internet.code, 10, internet.stderr);
    assert.equal(internet.json?.['problem'], 'backup.restoreNotAllowed');
  });

  it('usage: a missing option or a path leaving the backup is exit 2, with the backup usage on stderr', async () => {
    const missing = await cli.run(['backup', 'run', '--policy', policyPath, '--zone', 'van-phong', '--target', 'usb', '--known', known]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /airlock backup <init\|run\|list\|restore\|check\|drill\|forget\|prune>/);
    const escaping = await cli.run(['backup', 'restore', ...common(), '--snapshot', 'latest', '--to', cli.dir, '--path', '../etc']);
    assert.equal(escaping.code, 2);
  });

  it('a policy that does not verify allows nothing: no CRL for its signer, or no policy at all, is exit 10 with the reason', async () => {
    const noCrl = await cli.run(['backup', 'list', '--policy', policyPath, '--zone', 'van-phong', '--target', 'usb', '--folder', usb, '--known', known, '--json']);
    assert.equal(noCrl.code, 10, noCrl.stderr);
    assert.deepEqual([noCrl.json?.['problem'], noCrl.json?.['policyRefusal']], ['backup.targetNotAllowed', 'crlNeeded']);
    const missing = await cli.run(['backup', 'list', '--policy', path.join(cli.dir, 'nowhere.json'), '--zone', 'van-phong', '--target', 'usb', '--known', known, ...cli.crlArgs, '--json']);
    assert.equal(missing.code, 10, missing.stderr);
    assert.equal(missing.json?.['policyRefusal'], 'missing');
  });
});
