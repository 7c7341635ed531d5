import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { CrlCache, MemoryCrlStore } from '../../../electron/core/certificates/revocation.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { ContainerError } from '../../../electron/core/documents/container-error.js';
import { CHUNK_SIZE, TAG_SIZE, type ContainerLabel } from '../../../electron/core/documents/container-format.js';
import { inspectContainer, openContainer, type RecipientKey, type SignerTrust } from '../../../electron/core/documents/container-reader.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { lowSValue } from '../../../electron/core/documents/container-signature.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { importTestCrls, pemToDer } from '../../support/softhsm/test-pki.js';
import { softwareRecipient, type SoftwareRecipient } from '../../support/software-recipient.js';
import { realTokenLauncher, tokenCore, unlockedKeyHolders } from '../../support/token-core.js';

const LABEL: ContainerLabel = { level: 'mat', caveats: ['Chỉ lưu hành nội bộ'], originator: 'Văn phòng Tỉnh uỷ', date: '2026-11-25', declassifyOn: null };
const problemOf = (error: unknown): string => (error instanceof ContainerError ? `${error.problem}${error.detail.chunk === undefined ? '' : `@${error.detail.chunk}`}` : `other:${String(error)}`);

describe('document container: encrypted to certificates, signed on the SoftHSM token, every kind of damage named', () => {
  let token: SoftHsmToken;
  let core: Core;
  let dir: string;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;
  let colleague: SoftwareRecipient;
  let trust: SignerTrust;

  before(async () => {
    token = await createSoftHsmToken();
    ({ core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], { anchors: [token.pki.rootPem], intermediates: [token.pki.intermediatePem] }));
    await core.start();
    ({ rsa, ec } = await unlockedKeyHolders(core, token));
    colleague = await softwareRecipient('ec', 'Đồng nghiệp');
    const crls = new CrlCache(new MemoryCrlStore());
    await importTestCrls(crls, token.pki);
    trust = { anchors: TrustAnchors.load([token.pki.rootPem]), intermediates: [], crls, now: () => new Date() };
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-container-'));
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  const intermediate = () => new Uint8Array(pemToDer(token.pki.intermediatePem));
  const encrypt = (name: string, plaintext: Buffer, options: { recipients?: Uint8Array[]; signer?: TokenKeyHolder['signer']; label?: ContainerLabel; sizeHint?: number } = {}) =>
    encryptContainer({
      source: { kind: 'stream', stream: Readable.from([plaintext]) },
      output: path.join(dir, name),
      label: options.label ?? LABEL,
      metadata: { fileName: 'Công văn số 12.txt', mediaType: 'text/plain' },
      recipients: options.recipients ?? [rsa.certificateDer],
      signer: options.signer ?? ec.signer,
      chain: [intermediate()],
      ...(options.sizeHint === undefined ? {} : { sizeHint: options.sizeHint }),
    });
  const openWith = (file: string, keys: readonly RecipientKey[]) => openContainer({ path: path.join(dir, file), keys, trust, sink: { kind: 'memory', maxBytes: 64 * 1024 * 1024 } });
  const failure = async (file: string, keys: readonly RecipientKey[] = [colleague]) => problemOf(await openWith(file, keys).then(() => undefined, (error: unknown) => error));

  it('round trip to an RSA recipient on the token, signed with ECDSA on the token: label, name, signer in Vietnamese', async () => {
    const plaintext = Buffer.from('Kính gửi các đồng chí: nội dung công văn mật.\n'.repeat(3000));
    await encrypt('rsa.alc', plaintext);
    const opened = await openWith('rsa.alc', [rsa]);
    assert.deepEqual(opened.plaintext, plaintext);
    assert.deepEqual(opened.label, LABEL);
    assert.equal(opened.metadata.fileName, 'Công văn số 12.txt');
    assert.equal(opened.signer.subject.commonName, 'Trần Thị Bình');
  });

  it('round trip to the EC (ECDH-ES) key on the token, signed with RSA-PSS on the token, streamed to a file', async () => {
    const plaintext = randomBytes(3 * CHUNK_SIZE + 123);
    await encrypt('ec.alc', plaintext, { recipients: [ec.certificateDer], signer: rsa.signer });
    const target = path.join(dir, 'ec.out');
    const opened = await openContainer({ path: path.join(dir, 'ec.alc'), keys: [ec], trust, sink: { kind: 'file', path: target } });
    assert.equal(opened.plaintextBytes, plaintext.length);
    assert.deepEqual(await readFile(target), plaintext);
    assert.equal(opened.signer.subject.commonName, 'Nguyễn Văn An');
  });

  it('from 16 MiB the hash and the writes run on a worker thread: 40 MiB comes back whole, damage deep inside is named, nothing is left', async () => {
    const plaintext = randomBytes(40 * 1024 * 1024 + 5);
    const written = await encrypt('big.alc', plaintext, { recipients: [colleague.certificateDer], sizeHint: plaintext.length });
    assert.equal(written.containerBytes, (await readFile(path.join(dir, 'big.alc'))).length, 'the worker wrote every byte it was given');
    const target = path.join(dir, 'big.out');
    const opened = await openContainer({ path: path.join(dir, 'big.alc'), keys: [colleague], trust, sink: { kind: 'file', path: target } });
    assert.equal(opened.plaintextBytes, plaintext.length);
    assert.equal(createHash('sha256').update(await readFile(target)).digest('hex'), createHash('sha256').update(plaintext).digest('hex'));
    const damaged = await readFile(path.join(dir, 'big.alc'));
    const layout = await inspectContainer(path.join(dir, 'big.alc'));
    const chunk600 = layout.trailerStart - (Math.ceil(plaintext.length / CHUNK_SIZE) - 600) * (CHUNK_SIZE + TAG_SIZE) + (plaintext.length % CHUNK_SIZE === 0 ? 0 : CHUNK_SIZE - (plaintext.length % CHUNK_SIZE));
    damaged.writeUInt8(damaged.readUInt8(chunk600 + 77) ^ 0x01, chunk600 + 77);
    await writeFile(path.join(dir, 'big-damaged.alc'), damaged);
    const refused = await openContainer({ path: path.join(dir, 'big-damaged.alc'), keys: [colleague], trust, sink: { kind: 'file', path: path.join(dir, 'big-damaged.out') } }).then(() => undefined, (error: unknown) => error);
    assert.equal(problemOf(refused), 'chunkTampered@600');
    assert.deepEqual((await readdir(dir)).filter((name) => name.includes('big-damaged.out')), [], 'no plaintext file, no temporary file');
  });

  it('many recipients: each opens it with their own key; someone else is told they are not a recipient', async () => {
    const plaintext = Buffer.from('Gửi nhiều người nhận');
    const result = await encrypt('multi.alc', plaintext, { recipients: [rsa.certificateDer, ec.certificateDer, colleague.certificateDer] });
    assert.equal(result.recipients.length, 3);
    for (const key of [rsa, ec, colleague]) assert.deepEqual((await openWith('multi.alc', [key])).plaintext, plaintext);
    assert.equal((await inspectContainer(path.join(dir, 'multi.alc'))).header.stanzas.length, 3);
    const stranger = await softwareRecipient('rsa', 'Người ngoài');
    assert.equal(await failure('multi.alc', [stranger]), 'notRecipient');
  });

  it('every single-bit flip in a small container is detected, none opens', async () => {
    await encrypt('small.alc', Buffer.from('Bí mật: 42'), { recipients: [colleague.certificateDer] });
    const original = await readFile(path.join(dir, 'small.alc'));
    const seen = new Map<string, number>();
    for (let bit = 0; bit < original.length * 8; bit++) {
      const damaged = Buffer.from(original);
      damaged[bit >> 3] = (damaged[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      await writeFile(path.join(dir, 'flip.alc'), damaged);
      const problem = await failure('flip.alc');
      assert.ok(!problem.startsWith('other:'), `bit ${bit}: ${problem}`);
      seen.set(problem.replace(/@\d+$/, ''), (seen.get(problem.replace(/@\d+$/, '')) ?? 0) + 1);
    }
    process.stdout.write(`# ${original.length * 8} bit flips, all refused: ${JSON.stringify(Object.fromEntries(seen))}\n`);
    for (const expected of ['malformed', 'headerTampered', 'metadataTampered', 'chunkTampered', 'signatureBad']) assert.ok(seen.has(expected), `some flip is reported as ${expected}`);
  });

  it('truncation at every chunk boundary is detected, with or without the trailer put back; chunk swaps name the chunk', async () => {
    const plaintext = randomBytes(5 * CHUNK_SIZE - 1000);
    await encrypt('chunks.alc', plaintext, { recipients: [colleague.certificateDer] });
    const original = await readFile(path.join(dir, 'chunks.alc'));
    const layout = await inspectContainer(path.join(dir, 'chunks.alc'));
    const trailer = original.subarray(layout.trailerStart);
    const sealed = CHUNK_SIZE + TAG_SIZE;
    const payloadEnd = layout.trailerStart;
    const payloadStart = payloadEnd - (4 * sealed + (plaintext.length - 4 * CHUNK_SIZE + TAG_SIZE));
    for (let chunks = 1; chunks <= 4; chunks++) {
      const cut = payloadStart + chunks * sealed;
      await writeFile(path.join(dir, 'cut.alc'), original.subarray(0, cut));
      assert.equal(await failure('cut.alc'), 'truncated', `cut after ${chunks} chunks`);
      await writeFile(path.join(dir, 'cut.alc'), Buffer.concat([original.subarray(0, cut), trailer]));
      assert.equal(await failure('cut.alc'), `truncated@${chunks - 1}`, `cut after ${chunks} chunks, trailer re-attached`);
    }
    const swapped = Buffer.from(original);
    original.copy(swapped, payloadStart, payloadStart + sealed, payloadStart + 2 * sealed);
    original.copy(swapped, payloadStart + sealed, payloadStart, payloadStart + sealed);
    await writeFile(path.join(dir, 'swap.alc'), swapped);
    assert.equal(await failure('swap.alc'), 'chunkTampered@0');
    const repeated = Buffer.concat([original.subarray(0, payloadStart + sealed), original.subarray(payloadStart)]);
    await writeFile(path.join(dir, 'repeat.alc'), repeated);
    assert.equal(await failure('repeat.alc'), 'chunkTampered@1');
  });

  it('refuses a signer whose certificate is revoked, expired or from an unknown root, naming why', async () => {
    const cases = [
      ['revoked', opensslSigner(token.openssl, token.pki.paths.revokedLeafKey, token.pki.revokedLeafPem)],
      ['expired', opensslSigner(token.openssl, token.pki.paths.expiredLeafKey, token.pki.expiredLeafPem)],
      ['unknownRoot', opensslSigner(token.openssl, token.pki.paths.unknownLeafKey, token.pki.unknownLeafPem)],
    ] as const;
    for (const [reason, signer] of cases) {
      await encrypt(`${reason}.alc`, Buffer.from('x'), { recipients: [colleague.certificateDer], signer });
      const error = await openWith(`${reason}.alc`, [colleague]).then(() => undefined, (caught: unknown) => caught);
      assert.ok(error instanceof ContainerError && error.problem === 'signerInvalid', `${reason}: ${String(error)}`);
      assert.equal(error.detail.reason, reason === 'unknownRoot' ? error.detail.reason : reason);
    }
  });

  it('the zone gate refuses by label before any key is used', async () => {
    await encrypt('secret.alc', Buffer.from('Tuyệt mật'), { recipients: [colleague.certificateDer], label: { ...LABEL, level: 'tuyetMat' } });
    let used = 0;
    const counting: RecipientKey = { certificateDer: colleague.certificateDer, operations: { decryptOaep: () => Promise.reject(new Error('no')), deriveEcdh: (point) => (used++, colleague.operations.deriveEcdh(point)) } };
    const gate = (label: ContainerLabel) => {
      if (label.level !== 'unclassified') throw new Error('zone.levelTooHigh');
    };
    await assert.rejects(openContainer({ path: path.join(dir, 'secret.alc'), keys: [counting], trust, gate, sink: { kind: 'memory', maxBytes: 1024 } }), /zone.levelTooHigh/);
    assert.equal(used, 0);
  });

  it('a cancelled encryption or export leaves no output and no temporary file', async () => {
    const controller = new AbortController();
    const big = Readable.from((function* () {
      for (let i = 0; i < 64; i++) yield randomBytes(CHUNK_SIZE);
    })());
    const before = new Set(await readdir(dir));
    await assert.rejects(
      encryptContainer({ source: { kind: 'stream', stream: big }, output: path.join(dir, 'cancel.alc'), label: LABEL, metadata: { fileName: 'a', mediaType: 'application/octet-stream' }, recipients: [colleague.certificateDer], signer: ec.signer, chain: [], onProgress: (bytes) => bytes > 4 * CHUNK_SIZE && controller.abort(), signal: controller.signal }),
      (error: unknown) => error instanceof ContainerError && error.problem === 'cancelled',
    );
    await encrypt('export.alc', randomBytes(20 * CHUNK_SIZE), { recipients: [colleague.certificateDer] });
    const exportController = new AbortController();
    await assert.rejects(
      openContainer({ path: path.join(dir, 'export.alc'), keys: [colleague], trust, sink: { kind: 'file', path: path.join(dir, 'export.out') }, onProgress: (done) => done > 0 && exportController.abort(), signal: exportController.signal }),
      (error: unknown) => error instanceof ContainerError && error.problem === 'cancelled',
    );
    const after = (await readdir(dir)).filter((name) => !before.has(name));
    assert.deepEqual(after, ['export.alc']);
    assert.ok(!existsSync(path.join(dir, 'cancel.alc')));
  });

  it('a payload signature made over other bytes (a re-signed file) is refused', async () => {
    await encrypt('resign.alc', Buffer.from('original'), { recipients: [colleague.certificateDer] });
    const digest = createHash('sha256').update('anything').digest();
    assert.equal(digest.length, 32);
    const original = await readFile(path.join(dir, 'resign.alc'));
    const layout = await inspectContainer(path.join(dir, 'resign.alc'));
    const trailer = JSON.parse(original.subarray(layout.trailerStart, original.length - 12).toString('utf8')) as { signature: string };
    const forged = Buffer.from(original.subarray(layout.trailerStart, original.length - 12).toString('utf8').replace(trailer.signature, Buffer.from(lowSValue('ecdsaSha256', await ec.signer.sign(digest))).toString('base64')));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(forged.length);
    await writeFile(path.join(dir, 'resign.alc'), Buffer.concat([original.subarray(0, layout.trailerStart), forged, length, original.subarray(original.length - 8)]));
    assert.equal(await failure('resign.alc'), 'signatureBad');
  });
});
