import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import type { ContainerLabel } from '../../../electron/core/documents/container-format.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import type { EventPayload } from '../../../shared/ipc/contract.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { startedTokenCore, unlockedKeyHolders, until } from '../../support/token-core.js';

const label = (level: ContainerLabel['level']): ContainerLabel => ({ level, caveats: [], originator: 'Văn phòng Tỉnh uỷ', date: '2026-11-25', declassifyOn: null });

describe('decrypting a received document to a file: a job with progress and cancel, an audited export (SoftHSM token)', () => {
  let token: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;
  const finished: EventPayload<'documents.finished'>[] = [];
  const progress: EventPayload<'documents.progress'>[] = [];

  const make = (file: string, plaintext: Buffer, level: ContainerLabel['level'] = 'unclassified') =>
    encryptContainer({ source: { kind: 'stream', stream: Readable.from([plaintext]) }, output: path.join(dir, file), label: label(level), metadata: { fileName: 'Bản đồ.bin', mediaType: 'application/octet-stream' }, recipients: [rsa.certificateDer], signer: ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))], sizeHint: plaintext.length });
  const ended = async (job: string) => {
    await until(() => finished.some((event) => event.job === job), 'the job to end', 60_000);
    return finished.find((event) => event.job === job);
  };
  const leftovers = async (name: string) => (await readdir(dir)).filter((file) => file.includes(name));

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-decrypt-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    api.events.on('documents.finished', (event) => finished.push(event));
    api.events.on('documents.progress', (event) => progress.push(event));
    ({ rsa, ec } = await unlockedKeyHolders(core, token));
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  it('decrypts to the chosen file after every check, with progress, and audits it as an export', async () => {
    const plaintext = randomBytes(40 * 1024 * 1024 + 3);
    await make('ban-do.alc', plaintext);
    const started = await api.documents.decrypt({ source: path.join(dir, 'ban-do.alc'), output: path.join(dir, 'ban-do.bin') });
    assert.ok(started.ok, JSON.stringify(started));
    assert.deepEqual(await ended(started.value.job), { job: started.value.job, ok: true, output: path.join(dir, 'ban-do.bin') });
    assert.equal(createHash('sha256').update(await readFile(path.join(dir, 'ban-do.bin'))).digest('hex'), createHash('sha256').update(plaintext).digest('hex'));
    assert.ok(progress.some((event) => event.job === started.value.job && event.done === plaintext.length && event.total === plaintext.length));
    const exported = await api.audit.query({ kind: 'document.exported' });
    assert.ok(exported.ok);
    assert.deepEqual(
      exported.value.filter((entry) => entry.details['target'] === 'ban-do.bin').map((entry) => [entry.result, entry.details['file'], entry.details['level'], entry.details['bytes']]),
      [['ok', 'ban-do.alc', 'unclassified', plaintext.length]],
    );
  });

  it('into a folder: named after the sender’s file (signed metadata), and a taken name becomes "(2)", never overwritten (issue #13)', async () => {
    const plaintext = randomBytes(1024);
    await make('thu-muc.alc', plaintext);
    const folder = await mkdtemp(path.join(dir, 'ra-'));
    await writeFile(path.join(folder, 'Bản đồ.bin'), 'already here');
    const started = await api.documents.decrypt({ source: path.join(dir, 'thu-muc.alc'), folder });
    assert.ok(started.ok, JSON.stringify(started));
    assert.deepEqual(await ended(started.value.job), { job: started.value.job, ok: true, output: path.join(folder, 'Bản đồ (2).bin') });
    assert.deepEqual(await readFile(path.join(folder, 'Bản đồ (2).bin')), plaintext);
    assert.equal(await readFile(path.join(folder, 'Bản đồ.bin'), 'utf8'), 'already here');
    assert.deepEqual((await readdir(folder)).sort(), ['Bản đồ (2).bin', 'Bản đồ.bin']);
    const exported = await api.audit.query({ kind: 'document.exported' });
    assert.ok(exported.ok && exported.value.some((entry) => entry.result === 'ok' && entry.details['target'] === 'Bản đồ (2).bin'));
  });

  it('refuses a level above the live zone (none: unclassified) from the header, before any key, audited; writes nothing', async () => {
    await make('mat.alc', Buffer.from('Nội dung mật'), 'mat');
    const started = await api.documents.decrypt({ source: path.join(dir, 'mat.alc'), output: path.join(dir, 'mat.txt') });
    assert.ok(started.ok);
    const end = await ended(started.value.job);
    assert.equal(end?.ok === false && end.error.code, 'zone.levelTooHigh');
    assert.deepEqual(await leftovers('mat.txt'), []);
    const exported = await api.audit.query({ kind: 'document.exported', result: 'refused' });
    assert.ok(exported.ok && exported.value.some((entry) => entry.details['file'] === 'mat.alc' && entry.details['code'] === 'zone.levelTooHigh'));
  });

  it('a cancel, and a lock, stop the job and leave neither the file nor a temporary one', async () => {
    await make('lon.alc', randomBytes(200 * 1024 * 1024));
    const cancelled = await api.documents.decrypt({ source: path.join(dir, 'lon.alc'), output: path.join(dir, 'lon-huy.bin') });
    assert.ok(cancelled.ok);
    assert.deepEqual(await api.documents.cancelDecryption({ job: cancelled.value.job }), { ok: true, value: { cancelled: true } });
    const end = await ended(cancelled.value.job);
    assert.equal(end?.ok === false && end.error.code, 'document.cancelled');
    assert.deepEqual(await leftovers('lon-huy.bin'), []);

    const locked = await api.documents.decrypt({ source: path.join(dir, 'lon.alc'), output: path.join(dir, 'lon-khoa.bin') });
    assert.ok(locked.ok);
    await api.session.lock({});
    const lockEnd = await ended(locked.value.job);
    assert.equal(lockEnd?.ok, false, 'locking wipes the keys: the decryption does not finish');
    assert.ok(!existsSync(path.join(dir, 'lon-khoa.bin')));
    assert.deepEqual(await leftovers('lon-khoa.bin'), []);
  });
  it('a crash in the middle (SIGKILL) leaves its temporary plaintext only until the next unlock, which removes it and says so', async () => {
    ({ rsa, ec } = await unlockedKeyHolders(core, token)); // the test before locked
    await make('lon-crash.alc', randomBytes(400 * 1024 * 1024));
    core.stop();
    const output = path.join(dir, 'lon-crash.bin');
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.resolve(import.meta.dirname, '../../support/crash-decrypt.ts')], {
      env: { ...process.env, CRASH_DECRYPT: JSON.stringify({ env: token.env, modulePath: token.modulePath, rootPem: token.pki.rootPem, intermediatePem: token.pki.intermediatePem, serial: token.serial, label: token.label, userPin: token.userPin, dataDir: path.join(dir, 'data'), source: path.join(dir, 'lon-crash.alc'), output }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    const part = /^\.lon-crash\.bin\.[0-9a-f]{12}\.part$/;
    for (let tries = 0; tries < 1500 && !(await leftovers('lon-crash.bin')).some((name) => part.test(name)); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await exited;
    assert.equal((await leftovers('lon-crash.bin')).filter((name) => part.test(name)).length, 1, 'the killed run left its temporary file');

    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    await unlockedKeyHolders(core, token);
    assert.deepEqual(await leftovers('lon-crash.bin'), [], 'the unlock removed it; no output either');
    const removed = await api.audit.query({ kind: 'document.leftoverRemoved' });
    assert.ok(removed.ok);
    assert.deepEqual(removed.value.map((entry) => entry.details['count']), [1]);
  });
});
