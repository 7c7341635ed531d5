import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { p256 } from '@noble/curves/nist.js';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { cliFolder, type CliFolder } from '../../support/airlock-cli.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { coreApi } from '../../support/core.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { trainingProfileFor } from '../../support/training-profile.js';
import { realTokenLauncher, tokenCore, unlockedKeyHolders } from '../../support/token-core.js';

const root = path.resolve(import.meta.dirname, '../../..');

describe('airlock command line: encrypt, inspect, verify, decrypt with the SoftHSM token; exit codes and JSON', () => {
  let token: SoftHsmToken;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let cli: CliFolder['run'];

  before(async () => {
    token = await createSoftHsmToken();
    ({ dir, env, run: cli } = await cliFolder(token));
    await writeFile(path.join(dir, 'Báo cáo.txt'), 'Báo cáo tổng kết năm 2026.\n'.repeat(10_000));
  });
  after(async () => {
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  it('encrypts to two of my certificates, signs on the token, and reports it as JSON', async () => {
    const result = await cli(['encrypt', '--in', 'Báo cáo.txt', '--out', 'bao-cao.alc', '--to', 'me-ec.pem', '--to', 'me-rsa.pem', '--level', 'mat', '--originator', 'Văn phòng Tỉnh uỷ', '--caveat', 'Chỉ lưu hành nội bộ', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json?.['ok'], true);
    assert.equal((result.json?.['recipients'] as string[]).length, 2);
  });

  it('inspects without a token: label and recipients', async () => {
    const result = await cli(['inspect', '--in', 'bao-cao.alc', '--json'], { AIRLOCK_PKCS11_MODULES: '/nonexistent.so' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual((result.json?.['label'] as { level: string; caveats: string[] }).level, 'mat');
  });

  it('verifies every chunk and the signature, naming the signer; decrypts only after that', async () => {
    const verified = await cli(['verify', '--in', 'bao-cao.alc', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(String((verified.json?.['signer'] as { subject: string }).subject), /CN=(Trần Thị Bình|Nguyễn Văn An)/);
    const decrypted = await cli(['decrypt', '--in', 'bao-cao.alc', '--out', 'ban-giai-ma.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.deepEqual(await readFile(path.join(dir, 'ban-giai-ma.txt')), await readFile(path.join(dir, 'Báo cáo.txt')));
    // Again to the same name: never over the first file; the report names the one written (issue #13).
    const again = await cli(['decrypt', '--in', 'bao-cao.alc', '--out', 'ban-giai-ma.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json?.['output'], 'ban-giai-ma (2).txt');
    assert.deepEqual(await readFile(path.join(dir, 'ban-giai-ma (2).txt')), await readFile(path.join(dir, 'Báo cáo.txt')));
  });

  it('writes version 2 and reads both: a version 1 file signed on the same token verifies and decrypts, a v2 one with high S is refused (exit 5)', async () => {
    assert.equal((await readFile(path.join(dir, 'bao-cao.alc'))).subarray(0, 20).toString('latin1'), 'airlock-container/2\n');
    const app = tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] }).core;
    await app.start();
    const plaintext = Buffer.from('Công văn phiên bản 1.\n'.repeat(500));
    try {
      const { ec, rsa } = await unlockedKeyHolders(app, token);
      for (const version of [1, 2] as const) {
        await encryptContainer({ source: { kind: 'stream', stream: Readable.from([plaintext]) }, output: path.join(dir, `v${version}.alc`), label: { level: 'mat', caveats: [], originator: 'Văn phòng Tỉnh uỷ', date: '2026-12-05', declassifyOn: null }, metadata: { fileName: 'v.txt', mediaType: 'text/plain' }, recipients: [rsa.certificateDer], signer: ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))], version });
      }
    } finally {
      app.stop();
    }
    assert.equal((await readFile(path.join(dir, 'v1.alc'))).subarray(0, 20).toString('latin1'), 'airlock-container/1\n');
    const verified = await cli(['verify', '--in', 'v1.alc', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(verified.code, 0, verified.stderr);
    const decrypted = await cli(['decrypt', '--in', 'v1.alc', '--out', 'v1.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.deepEqual(await readFile(path.join(dir, 'v1.txt')), plaintext);
    // The v2 file's ECDSA value turned into (r, n − s): it verifies for the key, but version 2 has one spelling.
    const bytes = await readFile(path.join(dir, 'v2.alc'));
    const trailerStart = bytes.length - 12 - bytes.readUInt32BE(bytes.length - 12);
    const trailer = JSON.parse(bytes.subarray(trailerStart, bytes.length - 12).toString('utf8')) as { certificates: string[]; scheme: string; signature: string };
    const value = p256.Signature.fromBytes(Buffer.from(trailer.signature, 'base64'), 'der');
    const json = Buffer.from(JSON.stringify({ ...trailer, signature: Buffer.from(new p256.Signature(value.r, p256.Point.CURVE().n - value.s).toBytes('der')).toString('base64') }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(json.length);
    await writeFile(path.join(dir, 'v2-high-s.alc'), Buffer.concat([bytes.subarray(0, trailerStart), json, length, Buffer.from('AIRSIG02')]));
    for (const command of ['verify', 'decrypt']) {
      const refused = await cli([command, '--in', 'v2-high-s.alc', ...(command === 'decrypt' ? ['--out', 'v2-high-s.txt'] : []), '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
      assert.equal(refused.code, 5, refused.stderr);
      assert.equal(refused.json?.['problem'], 'container.signatureHighS');
    }
    assert.equal(existsSync(path.join(dir, 'v2-high-s.txt')), false);
  });

  // util-linux script(1) runs the command on a real pseudo-terminal, as when a person types.
  const onTerminal = (keys: (prompted: string) => string): Promise<{ code: number | null; seen: string }> =>
    new Promise((resolve) => {
      const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
      const command = [process.execPath, '--import', import.meta.resolve('tsx'), path.join(root, 'electron/cli/airlock.ts'), 'verify', '--in', 'bao-cao.alc', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl'].map(quote).join(' ');
      const { AIRLOCK_PIN: _none, ...withoutPin } = env;
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: withoutPin, cwd: dir });
      let seen = '';
      let typed = false;
      child.stdout.on('data', (data: Buffer) => {
        seen += data.toString('utf8');
        if (!typed && seen.includes('Token PIN: ')) {
          typed = true;
          child.stdin.write(keys(seen));
        }
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, seen });
      });
    });

  it('asks for the PIN on a terminal without showing it (a real pty); Backspace edits, Ctrl-C cancels', async () => {
    const typed = await onTerminal(() => `${token.userPin}9\u007f\r`);
    assert.equal(typed.code, 0, typed.seen);
    assert.match(typed.seen, /Mã PIN của thiết bị ký số \(token\) \/ Token PIN: /);
    assert.match(typed.seen, /"ok":true/);
    assert.ok(!typed.seen.includes(token.userPin), 'the PIN was echoed');
    const cancelled = await onTerminal(() => '12\u0003');
    assert.equal(cancelled.code, 3, cancelled.seen);
    assert.match(cancelled.seen, /token\.pinCancelled/);
  });

  it('takes the PIN from stdin with --pin-stdin (no PIN in the environment)', async () => {
    const saved = env['AIRLOCK_PIN'];
    delete env['AIRLOCK_PIN'];
    try {
      const result = await cli(['verify', '--in', 'bao-cao.alc', '--json', '--pin-stdin', '--crl', token.pki.paths.crl, '--crl', 'root.crl'], {}, `${token.userPin}\n`);
      assert.equal(result.code, 0, result.stderr);
      const wrong = await cli(['verify', '--in', 'bao-cao.alc', '--json', '--pin-stdin'], {}, '999999\n');
      assert.equal(wrong.json?.['problem'], 'token.pinIncorrect');
    } finally {
      env['AIRLOCK_PIN'] = saved;
    }
  });

  it('a damaged container exits 5 naming the chunk, and writes nothing', async () => {
    const bytes = await readFile(path.join(dir, 'bao-cao.alc'));
    bytes[bytes.length - 3000] = (bytes[bytes.length - 3000] ?? 0) ^ 0x10;
    await writeFile(path.join(dir, 'hong.alc'), bytes);
    const result = await cli(['decrypt', '--in', 'hong.alc', '--out', 'hong.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(result.code, 5);
    assert.equal(result.json?.['problem'], 'container.chunkTampered');
    assert.equal(typeof result.json?.['chunk'], 'number');
    assert.ok(!existsSync(path.join(dir, 'hong.txt')));
  });

  it("records verify and decrypt in the workstation's audit log: sealed in its inbox while the app is closed, in the chain after the next unlock", async () => {
    const workstation = path.join(dir, 'workstation');
    const app = () => tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem], dataDir: workstation }).core;
    // The app was unlocked once on this workstation: its log and the inbox key exist.
    const first = app();
    await first.start();
    await unlockedKeyHolders(first, token);
    first.stop();

    const crls = ['--crl', token.pki.paths.crl, '--crl', 'root.crl'];
    const verified = await cli(['verify', '--in', 'bao-cao.alc', '--json', ...crls], { AIRLOCK_DATA_DIR: workstation });
    assert.equal(verified.json?.['audited'], true, verified.stderr);
    const decrypted = await cli(['decrypt', '--in', 'bao-cao.alc', '--out', 'ban-ro.txt', '--json', ...crls], { AIRLOCK_DATA_DIR: workstation });
    assert.equal(decrypted.code, 0, decrypted.stderr);
    const refused = await cli(['decrypt', '--in', 'hong.alc', '--out', 'hong.txt', '--json', ...crls], { AIRLOCK_DATA_DIR: workstation });
    assert.equal(refused.code, 5);
    assert.ok(!(await readFile(path.join(workstation, 'audit.db'))).includes('bao-cao.alc'), 'the inbox rows are sealed');

    const next = app();
    await next.start();
    try {
      await unlockedKeyHolders(next, token);
      const api = coreApi(next);
      const exported = await api.audit.query({ kind: 'document.exported' });
      const opened = await api.audit.query({ kind: 'document.opened' });
      assert.ok(exported.ok && opened.ok);
      const cli = (entries: typeof exported.value) => entries.filter((entry) => entry.details['via'] === 'cli').map((entry) => [entry.result, entry.details['file'], entry.details['target'] ?? null, entry.details['code'] ?? null]);
      assert.deepEqual(cli(opened.value), [['ok', 'bao-cao.alc', null, null]]);
      assert.deepEqual(cli(exported.value).sort(), [['ok', 'bao-cao.alc', 'ban-ro.txt', null], ['refused', 'hong.alc', 'hong.txt', 'container.chunkTampered']].sort());
      assert.equal(exported.value.find((entry) => entry.result === 'ok')?.details['level'], 'mat');
    } finally {
      next.stop();
    }
  });

  it('a workstation log that cannot take the events stops the command: nothing is decrypted (fail closed)', async () => {
    const broken = path.join(dir, 'broken-workstation');
    await mkdir(broken);
    await writeFile(path.join(broken, 'audit.db'), 'not a database');
    const result = await cli(['decrypt', '--in', 'bao-cao.alc', '--out', 'khong-ghi.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl'], { AIRLOCK_DATA_DIR: broken });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.json?.['ok'], false);
    assert.ok(!existsSync(path.join(dir, 'khong-ghi.txt')));
  });

  it("a training workstation's log is not the command's: refused before any key is touched, nothing deposited (issue #14)", async () => {
    const training = path.join(dir, 'training-workstation');
    const app = tokenCore(realTokenLauncher(token.env), [token.modulePath], { dataDir: training, training: { ...trainingProfileFor(token, dir), dataDir: training } }).core;
    await app.start();
    await unlockedKeyHolders(app, token);
    app.stop();
    const before = await readFile(path.join(training, 'audit.db'));
    const result = await cli(['decrypt', '--in', 'bao-cao.alc', '--out', 'tap-huan.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl'], { AIRLOCK_DATA_DIR: training });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.json?.['ok'], false);
    assert.ok(JSON.stringify(result.json).includes('store.profileMismatch'), JSON.stringify(result.json));
    assert.ok(!existsSync(path.join(dir, 'tap-huan.txt')));
    assert.ok((await readFile(path.join(training, 'audit.db'))).equals(before), 'nothing deposited in the training log');
  });

  it('Ctrl-C in the middle of a decrypt stops it with exit 130 and leaves neither the file nor its temporary plaintext', async () => {
    await writeFile(path.join(dir, 'lon.bin'), randomBytes(400 * 1024 * 1024));
    const encrypted = await cli(['encrypt', '--in', 'lon.bin', '--out', 'lon.alc', '--to', 'me-ec.pem', '--level', 'unclassified', '--originator', 'Văn phòng', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.equal(encrypted.code, 0, encrypted.stderr);
    await rm(path.join(dir, 'lon.bin'));
    const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(root, 'electron/cli/airlock.ts'), 'decrypt', '--in', 'lon.alc', '--out', 'lon-ra.bin', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl'], { env, cwd: dir });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Interrupted once the temporary plaintext file exists: the worst moment to stop.
    const part = /^\.lon-ra\.bin\.[0-9a-f]{12}\.part$/;
    for (let tries = 0; tries < 1500 && !(await readdir(dir)).some((name) => part.test(name)); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok((await readdir(dir)).some((name) => part.test(name)), 'the decrypt got going');
    child.kill('SIGINT');
    assert.equal(await exited, 130, stdout);
    assert.match(stdout, /"problem":"container\.cancelled"/);
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('lon-ra')), [], 'no output, no temporary plaintext');
    await rm(path.join(dir, 'lon.alc'));
  });

  it('unknown revocation status of the signer is refused (fail closed) with exit 5', async () => {
    const result = await cli(['verify', '--in', 'bao-cao.alc', '--json']);
    assert.equal(result.code, 5);
    assert.deepEqual([result.json?.['problem'], result.json?.['reason']], ['container.signerInvalid', 'revocationUnknown']);
  });

  it('not a recipient exits 4; a wrong PIN exits 3; a bad command line exits 2', async () => {
    assert.equal((await cli(['encrypt', '--in', 'Báo cáo.txt', '--out', 'la.alc', '--to', 'stranger.pem', '--originator', 'X', '--json'])).code, 0);
    const stranger = await cli(['decrypt', '--in', 'la.alc', '--out', 'la.txt', '--json', '--crl', token.pki.paths.crl, '--crl', 'root.crl']);
    assert.deepEqual([stranger.code, stranger.json?.['problem']], [4, 'container.notRecipient']);
    const wrongPin = await cli(['verify', '--in', 'bao-cao.alc', '--json'], { AIRLOCK_PIN: '999999' });
    assert.deepEqual([wrongPin.code, wrongPin.json?.['problem']], [3, 'token.pinIncorrect']);
    const usage = await cli(['shred', '--in', 'x']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /airlock <encrypt\|decrypt\|verify\|inspect\|sign\|verify-signature>/);
  });
});
