import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BACKUP_PROBLEMS, BackupFormatError, repositoryFailure } from '../../../electron/core/backup/backup-format-error.js';
import { BackupTargetError } from '../../../electron/core/backup/backup-target.js';
import { FolderTarget } from '../../../electron/core/backup/targets/folder-target.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { translate } from '../../../renderer/src/i18n/catalog.js';

const codeOf = (error: unknown) => (error instanceof BackupTargetError ? error.code : String(error));

describe('FolderTarget: the target contract on a real folder', () => {
  const dirs: string[] = [];
  after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('put is atomic and never overwrites; get, getRange, exists, list and remove; names outside the layout refused', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'airlock-folder-target-'));
    dirs.push(root);
    const target = new FolderTarget(root);
    await target.put('data/ab/ab01', Buffer.from('gói thứ nhất'));
    await assert.rejects(target.put('data/ab/ab01', Buffer.from('khác')), (error) => codeOf(error) === 'exists');
    assert.equal((await target.get('data/ab/ab01')).toString(), 'gói thứ nhất', 'the first file is kept');
    assert.equal((await target.getRange('data/ab/ab01', 3, 4)).toString('hex'), Buffer.from('gói thứ nhất').subarray(3, 7).toString('hex'));
    await assert.rejects(target.getRange('data/ab/ab01', 10, 100), (error) => codeOf(error) === 'short');
    await assert.rejects(target.get('index/none'), (error) => codeOf(error) === 'missing');
    // A temporary a killed writer left is never listed nor counted.
    await mkdir(path.join(root, 'tmp'), { recursive: true });
    await writeFile(path.join(root, 'tmp', 'half-written'), 'x');
    await target.put('snapshots/01', Buffer.from('s'));
    assert.deepEqual((await target.list('')).map((entry) => `${entry.name}:${entry.size}`).sort(), ['data/ab/ab01:17', 'snapshots/01:1']);
    assert.deepEqual(await readdir(path.join(root, 'tmp')), ['half-written'], 'put leaves no temporary of its own');
    assert.equal(await target.exists('snapshots/01'), true);
    await target.remove('snapshots/01');
    await target.remove('snapshots/01');
    assert.equal(await target.exists('snapshots/01'), false);
    for (const name of ['../escape', '/etc/passwd', 'data/AB/x', 'a/b/c/d', 'con.']) await assert.rejects(target.put(name, Buffer.alloc(1)), (error) => codeOf(error) === 'bad-name', name);
  });

  it('put takes a file in parts, more of them than one writev(2) takes (IOV_MAX 1024), stored one after the other', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'airlock-folder-target-'));
    dirs.push(root);
    const target = new FolderTarget(root);
    const whole = randomBytes(3000 * 37);
    // 3000 parts of 0 to 73 bytes (a pack of many small files' blobs, an empty part among them).
    const parts: Buffer[] = [];
    for (let at = 0, i = 0; at < whole.length; i++) {
      const length = Math.min((i * 7) % 74, whole.length - at);
      parts.push(whole.subarray(at, at + length));
      at += length;
    }
    assert.ok(parts.length > 2048, `${parts.length} parts`);
    await target.put('data/cd/cd01', parts);
    assert.deepEqual(await target.get('data/cd/cd01'), whole);
    await target.put('snapshots/02', []);
    assert.equal((await target.get('snapshots/02')).length, 0);
  });

  it('every repository problem is told to the user in vi and en', () => {
    for (const problem of BACKUP_PROBLEMS) {
      const shown = repositoryFailure(new BackupFormatError(problem, 'data/ab/ab01'));
      assert.ok(shown instanceof DomainError, problem);
      const text = translate as (language: 'vi' | 'en', key: string) => string;
      for (const language of ['vi', 'en'] as const) assert.ok((text(language, `error.${shown.code}`) ?? '').length > 20, `${problem} ${language}`);
    }
    const other = new Error('a bug');
    assert.equal(repositoryFailure(other), other);
  });
});
