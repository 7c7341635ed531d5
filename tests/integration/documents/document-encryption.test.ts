import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { startedTokenCore, until } from '../../support/token-core.js';

describe('encrypting from the app: recipients from the sealed directory, a job with progress and cancel (SoftHSM token)', () => {
  let token: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  const finished: EventPayload<'documents.finished'>[] = [];
  const progress: EventPayload<'documents.progress'>[] = [];

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-encrypt-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    api.events.on('documents.finished', (event) => finished.push(event));
    api.events.on('documents.progress', (event) => progress.push(event));
    assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  const pem = (text: string) => Buffer.from(text).toString('base64');
  let colleague = '';

  it('keeps a colleague whose certificate validates, refuses a revoked one, and keeps the list sealed across a lock', async () => {
    const imported = await api.directory.import({ certificate: pem(token.pki.rsaLeafPem) });
    assert.ok(imported.ok && imported.value.status === 'imported', JSON.stringify(imported));
    colleague = imported.value.entry.fingerprint;
    assert.equal(imported.value.entry.name, 'Nguyễn Văn An');
    const revoked = await api.directory.import({ certificate: pem(token.pki.revokedLeafPem) });
    assert.deepEqual(revoked, { ok: true, value: { status: 'rejected', reason: 'revoked' } });
    await api.session.lock({});
    assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
    const listed = await api.directory.list({});
    assert.ok(listed.ok);
    assert.deepEqual(listed.value.map((entry) => [entry.name, entry.valid]), [['Nguyễn Văn An', true]]);
  });

  it('encrypts a file as a job: progress, a finished event, and a container the recipient opens', async () => {
    const source = path.join(dir, 'Báo cáo quý IV.txt');
    await writeFile(source, 'Báo cáo tổng hợp quý IV.\n'.repeat(200_000));
    const output = path.join(dir, 'bao-cao.alc');
    const started = await api.documents.encrypt({ source, output, recipients: [colleague], label: { level: 'unclassified', caveats: ['Lưu hành nội bộ'], declassifyOn: null } });
    assert.ok(started.ok, JSON.stringify(started));
    await until(() => finished.some((event) => event.job === started.value.job), 'the job to finish', 60_000);
    assert.deepEqual(finished.find((event) => event.job === started.value.job), { job: started.value.job, ok: true, output });
    assert.ok(progress.some((event) => event.job === started.value.job && event.done === event.total));
    const opened = await api.documents.open({ path: output });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.equal(opened.value.fileName, 'Báo cáo quý IV.txt');
    assert.equal(opened.value.recipients.length, 2, 'the colleague and the sender');
    assert.deepEqual(opened.value.label.caveats, ['Lưu hành nội bộ']);
  });

  it('refuses at once: a level above the live zone (none: unclassified), an unknown recipient', async () => {
    const source = path.join(dir, 'Báo cáo quý IV.txt');
    const mat = await api.documents.encrypt({ source, output: path.join(dir, 'mat.alc'), recipients: [colleague], label: { level: 'mat', caveats: [], declassifyOn: null } });
    assert.equal(!mat.ok && mat.error.code, 'zone.levelTooHigh');
    const stranger = await api.documents.encrypt({ source, output: path.join(dir, 'x.alc'), recipients: ['ab'.repeat(32)], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
    assert.equal(!stranger.ok && stranger.error.code, 'document.recipientInvalid');
  });

  it('an output name already taken is never overwritten: the new container is "bao-cao (2).alc", the first byte for byte as it was (issue #13)', async () => {
    const source = path.join(dir, 'Báo cáo quý IV.txt');
    const first = await readFile(path.join(dir, 'bao-cao.alc'));
    const again = await api.documents.encrypt({ source, output: path.join(dir, 'bao-cao.alc'), recipients: [colleague], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
    assert.ok(again.ok, JSON.stringify(again));
    await until(() => finished.some((event) => event.job === again.value.job), 'the second encryption to end');
    assert.deepEqual(finished.find((event) => event.job === again.value.job), { job: again.value.job, ok: true, output: path.join(dir, 'bao-cao (2).alc') });
    assert.deepEqual(await readFile(path.join(dir, 'bao-cao.alc')), first);
  });

  it('a source on read-only media: the proposed folder beside it refuses the file, said as folderNotWritable (choose another place), not an internal error', async () => {
    const media = await mkdtemp(path.join(tmpdir(), 'airlock-readonly-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', media]);
      try {
        await writeFile(path.join(media, 'Tờ trình.txt'), 'Tờ trình số 5.');
        execFileSync('mount', ['-o', 'remount,ro', media]);
        const started = await api.documents.encrypt({ source: path.join(media, 'Tờ trình.txt'), output: path.join(media, 'Tờ trình.txt.alc'), recipients: [colleague], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
        assert.ok(started.ok, JSON.stringify(started));
        await until(() => finished.some((event) => event.job === started.value.job), 'the job to end');
        const end = finished.find((event) => event.job === started.value.job);
        assert.equal(end?.ok === false && end.error.code, 'document.folderNotWritable');
      } finally {
        execFileSync('umount', ['--lazy', media]);
      }
    } finally {
      await rm(media, { recursive: true, force: true });
    }
  });

  // The threads read a large file at offsets by the size it had when opened: one that changes
  // meanwhile is refused in words, never sealed as a mixed or cut copy.
  for (const [what, change] of [
    ['cut short', (file: string) => truncate(file, 1024 * 1024)],
    ['grown', (file: string) => appendFile(file, randomBytes(1024 * 1024))],
  ] as const) {
    it(`a file ${what} while it is being encrypted ends with "sourceChanged" and leaves nothing`, async () => {
      const source = path.join(dir, `changing-${what}.bin`);
      await writeFile(source, randomBytes(96 * 1024 * 1024));
      const output = path.join(dir, `changing-${what}.alc`);
      const started = await api.documents.encrypt({ source, output, recipients: [colleague], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
      assert.ok(started.ok);
      let changed: Promise<void> | undefined;
      await until(() => (changed ??= progress.some((event) => event.job === started.value.job) ? change(source) : undefined) !== undefined, 'the first progress', 60_000);
      await changed;
      await until(() => finished.some((event) => event.job === started.value.job), 'the job to end', 60_000);
      const end = finished.find((event) => event.job === started.value.job);
      assert.equal(end?.ok === false && end.error.code, 'document.sourceChanged', JSON.stringify(end));
      assert.ok(!existsSync(output));
      assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith(`.changing-${what}.alc.`)), []);
    });
  }

  it('a cancelled job ends with "cancelled" and leaves no output and no temporary file', async () => {
    const source = path.join(dir, 'big.bin');
    await writeFile(source, randomBytes(96 * 1024 * 1024));
    const output = path.join(dir, 'big.alc');
    const started = await api.documents.encrypt({ source, output, recipients: [colleague], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
    assert.ok(started.ok);
    assert.deepEqual(await api.documents.cancelEncryption({ job: started.value.job }), { ok: true, value: { cancelled: true } });
    await until(() => finished.some((event) => event.job === started.value.job), 'the cancelled job to end', 60_000);
    const end = finished.find((event) => event.job === started.value.job);
    assert.equal(end?.ok === false && end.error.code, 'document.cancelled');
    assert.ok(!existsSync(output));
    assert.deepEqual((await readdir(dir)).filter((name) => name.startsWith('.big.alc.')), []);
  });
  // Both write paths: in line for a small file, on the pipeline's worker thread from 16 MiB.
  for (const [what, bytes] of [['a small file', 12 * 1024 * 1024 + 1], ['a large file (written by the worker thread)', 40 * 1024 * 1024]] as const) {
    it(`encrypting ${what} onto a full disk (a real 8 MiB tmpfs, root) ends with "disk full" and leaves nothing`, async () => {
      const source = path.join(dir, `full-${bytes}.bin`);
      await writeFile(source, randomBytes(bytes));
      const full = path.join(dir, `full-${bytes}`);
      await mkdir(full);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', full]);
      try {
        const started = await api.documents.encrypt({ source, output: path.join(full, 'out.alc'), recipients: [colleague], label: { level: 'unclassified', caveats: [], declassifyOn: null } });
        assert.ok(started.ok, JSON.stringify(started));
        await until(() => finished.some((event) => event.job === started.value.job), 'the job to end', 60_000);
        const end = finished.find((event) => event.job === started.value.job);
        assert.equal(end?.ok === false && end.error.code, 'store.diskFull', JSON.stringify(end));
        assert.deepEqual(await readdir(full), [], 'no container and no temporary file');
      } finally {
        execFileSync('umount', ['--lazy', full]);
      }
    });
  }
});
