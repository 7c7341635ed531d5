import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AtomicOutput } from '../../../electron/core/documents/atomic-output.js';
import { claimFreeName, numberedName } from '../../../electron/core/documents/free-name.js';
import { documentFolders, listInbox, prepareOutputFolder } from '../../../electron/core/documents/document-folders.js';
import { writablePath } from '../../../electron/core/documents/document-paths.js';
import { safeFileName } from '../../../shared/domain/file-name.js';

describe('never overwriting: the first free name "x", "x (2)", "x (3)"… claimed atomically at write time (real files)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-free-name-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('numbers before the extension; a leading dot is not an extension', () => {
    assert.equal(numberedName('Báo cáo.pdf', 1), 'Báo cáo.pdf');
    assert.equal(numberedName('Báo cáo.pdf', 2), 'Báo cáo (2).pdf');
    assert.equal(numberedName('ghi-chu', 3), 'ghi-chu (3)');
    assert.equal(numberedName('lich.txt.alc', 2), 'lich.txt (2).alc');
    assert.equal(numberedName('.ban-nhap', 2), '.ban-nhap (2)');
  });

  it('a taken name gets " (2)", then " (3)"; the files already there stay byte for byte', async () => {
    const folder = await mkdtemp(path.join(dir, 'taken-'));
    const target = path.join(folder, 'Công văn.alc');
    const original = randomBytes(4096);
    await writeFile(target, original);
    const write = async (bytes: Buffer) => {
      const output = await AtomicOutput.create(target);
      await output.write(bytes);
      return output.commit();
    };
    const second = randomBytes(100);
    assert.equal(await write(second), path.join(folder, 'Công văn (2).alc'));
    assert.equal(await write(randomBytes(10)), path.join(folder, 'Công văn (3).alc'));
    assert.deepEqual(await readFile(target), original);
    assert.deepEqual(await readFile(path.join(folder, 'Công văn (2).alc')), second);
    // No temporary file is left beside them.
    assert.deepEqual((await readdir(folder)).sort(), ['Công văn (2).alc', 'Công văn (3).alc', 'Công văn.alc']);
  });

  it('a race: writers of one name at the same moment all succeed, under different names, and nothing is overwritten', async () => {
    const folder = await mkdtemp(path.join(dir, 'race-'));
    const target = path.join(folder, 'bao-cao.pdf');
    const contents = Array.from({ length: 8 }, () => randomBytes(64 * 1024));
    // All complete before any names itself, so every commit races for the same names.
    const outputs = await Promise.all(contents.map(() => AtomicOutput.create(target)));
    await Promise.all(outputs.map((output, index) => output.write(contents[index] ?? Buffer.alloc(0))));
    const written = await Promise.all(outputs.map((output) => output.commit()));
    assert.equal(new Set(written).size, contents.length, `distinct names: ${written.join(', ')}`);
    assert.deepEqual(new Set(written), new Set(contents.map((_, index) => path.join(folder, numberedName('bao-cao.pdf', index + 1)))));
    for (const [index, file] of written.entries()) assert.deepEqual(await readFile(file), contents[index], file);
    assert.equal((await readdir(folder)).length, contents.length, 'no temporary file left');
  });

  it('two writers naming the same complete files through claimFreeName directly: two names, both files whole', async () => {
    const folder = await mkdtemp(path.join(dir, 'claim-'));
    const [a, b] = [path.join(folder, '.a.part'), path.join(folder, '.b.part')];
    await writeFile(a, 'first writer');
    await writeFile(b, 'second writer');
    const wanted = path.join(folder, 'ket-qua.txt');
    const names = await Promise.all([claimFreeName(a, wanted), claimFreeName(b, wanted)]);
    assert.deepEqual(new Set(names), new Set([wanted, path.join(folder, 'ket-qua (2).txt')]));
    assert.deepEqual((await Promise.all(names.map((name) => readFile(name, 'utf8')))).sort(), ['first writer', 'second writer']);
  });

  it('writablePath takes a taken name (the write numbers it) but still refuses a missing folder and an unclean path', async () => {
    const taken = path.join(dir, 'da-co.txt');
    await writeFile(taken, 'x');
    assert.equal(await writablePath(taken), taken);
    await assert.rejects(writablePath(path.join(dir, 'khong-co', 'a.txt')), { code: 'document.invalidPath' });
    await assert.rejects(writablePath(`${dir}/../a.txt`), { code: 'document.invalidPath' });
  });

  it('a sender’s file name is made one safe name: no folders, no hidden file, never empty', () => {
    assert.equal(safeFileName('Lịch tiếp dân.txt', 'x'), 'Lịch tiếp dân.txt');
    assert.equal(safeFileName('../../.bashrc', 'x'), '_.._.bashrc');
    assert.equal(safeFileName('.bashrc', 'x'), 'bashrc');
    assert.equal(safeFileName('C:\\Windows\\a.exe', 'x'), 'C__Windows_a.exe');
    assert.equal(safeFileName(' .. ', 'tai-lieu'), 'tai-lieu');
    assert.equal(safeFileName('a\u0000b\nc', 'x'), 'a_b_c');
    const long = safeFileName(`${'ă'.repeat(300)}.pdf`, 'x');
    assert.equal(long.length, 120);
    assert.ok(long.endsWith('.pdf'));
  });
});

describe('the inbox folder: received containers listed by main, newest first (real files)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-inbox-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('a missing folder is a state, not an error', async () => {
    const missing = path.join(dir, 'chua-co');
    assert.deepEqual(await listInbox(missing), { folder: missing, present: false, files: [] });
  });

  it('lists only regular *.alc files (not links, not folders, not other files), with size and arrival time, newest first', async () => {
    const inbox = path.join(dir, 'Inbox');
    await mkdir(inbox);
    const at = (day: number) => new Date(Date.UTC(2026, 11, day, 8, 30));
    for (const [name, day, size] of [['cu.alc', 1, 10], ['moi.ALC', 3, 20], ['giua.alc', 2, 30], ['ghi-chu.txt', 4, 5]] as const) {
      await writeFile(path.join(inbox, name), Buffer.alloc(size));
      await utimes(path.join(inbox, name), at(day), at(day));
    }
    await mkdir(path.join(inbox, 'thu-muc.alc'));
    await symlink(path.join(inbox, 'cu.alc'), path.join(inbox, 'lien-ket.alc'));
    const listing = await listInbox(inbox);
    assert.equal(listing.present, true);
    assert.deepEqual(
      listing.files.map((file) => [file.name, file.bytes, file.receivedAt]),
      [
        ['moi.ALC', 20, at(3).toISOString()],
        ['giua.alc', 30, at(2).toISOString()],
        ['cu.alc', 10, at(1).toISOString()],
      ],
    );
    assert.equal(listing.files[0]?.path, path.join(inbox, 'moi.ALC'));
  });

  it('the folder for decrypted files is made on first use, 0700; one that cannot be made is an invalid path, not a crash', async () => {
    const exports = path.join(dir, 'Airlock', 'Ra');
    await prepareOutputFolder({ inbox: path.join(dir, 'Inbox'), exports }, path.join(exports, 'a.txt'));
    assert.equal((await stat(exports)).mode & 0o777, 0o700);
    const blocked = path.join(dir, 'la-tep');
    await writeFile(blocked, 'a file where the folder would go');
    await assert.rejects(prepareOutputFolder({ inbox: dir, exports: path.join(blocked, 'Ra') }, path.join(blocked, 'Ra', 'a.txt')), { code: 'document.invalidPath' });
  });

  it('the folders: AIRLOCK_INBOX_DIR and AIRLOCK_OUTPUT_DIR when absolute, else Airlock/Inbox and Airlock in the documents folder', () => {
    assert.deepEqual(documentFolders({}, '/home/can-bo/Tài liệu'), { inbox: '/home/can-bo/Tài liệu/Airlock/Inbox', exports: '/home/can-bo/Tài liệu/Airlock' });
    assert.deepEqual(documentFolders({ AIRLOCK_INBOX_DIR: '/srv/nhan', AIRLOCK_OUTPUT_DIR: '/srv/ra/' }, '/home/x'), { inbox: '/srv/nhan', exports: '/srv/ra/' });
    assert.deepEqual(documentFolders({ AIRLOCK_INBOX_DIR: 'tuong-doi' }, '/home/x'), { inbox: '/home/x/Airlock/Inbox', exports: '/home/x/Airlock' });
  });
});
