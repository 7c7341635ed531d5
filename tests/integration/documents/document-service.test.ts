import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import type { DocumentLabel } from '../../../shared/domain/document.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { startedTokenCore, unlockedKeyHolders } from '../../support/token-core.js';

const label = (level: DocumentLabel['level']): DocumentLabel => ({ level, caveats: [], originator: 'Sở Nội vụ', date: '2026-11-25', declassifyOn: null });

describe('documents from the app: open into memory after every check, zone gate, view, audited export, wiped at lock (SoftHSM token)', () => {
  let token: SoftHsmToken;
  let core: Core;
  let api: AirlockApi;
  let dir: string;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-docs-'));
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    ({ rsa, ec } = await unlockedKeyHolders(core, token));
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  const make = (name: string, plaintext: Buffer, level: DocumentLabel['level']) =>
    encryptContainer({ source: { kind: 'stream', stream: Readable.from([plaintext]) }, output: path.join(dir, name), label: label(level), metadata: { fileName: 'Thông báo.txt', mediaType: 'text/plain; charset=utf-8' }, recipients: [rsa.certificateDer], signer: ec.signer, chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))] });

  it('opens an unclassified document: signer in Vietnamese, chain valid, label, recipients; the viewer gets the bytes from memory', async () => {
    const text = Buffer.from('Thông báo lịch họp giao ban tuần.');
    await make('thong-bao.alc', text, 'unclassified');
    const opened = await api.documents.open({ path: path.join(dir, 'thong-bao.alc') });
    assert.ok(opened.ok, JSON.stringify(opened));
    // Name and organisation apart, never only the RFC 4514 subject (issue #13): that is for the technical details.
    assert.equal(opened.value.signer.name, 'Trần Thị Bình');
    assert.equal(opened.value.signer.organization, token.pki.subjects.ecLeaf.O);
    assert.equal(opened.value.signer.chain, 'valid');
    assert.equal(opened.value.label.level, 'unclassified');
    assert.equal(opened.value.fileName, 'Thông báo.txt');
    const view = await api.documents.view({ viewId: opened.value.viewId });
    assert.ok(view.ok);
    assert.deepEqual(Buffer.from(view.value.data, 'base64'), text);
  });

  it('refuses a Mật document while no zone is live (ceiling unclassified), before any key is used, and audits it', async () => {
    await make('mat.alc', Buffer.from('Nội dung mật'), 'mat');
    const opened = await api.documents.open({ path: path.join(dir, 'mat.alc') });
    assert.equal(!opened.ok && opened.error.code, 'zone.levelTooHigh');
    const audit = await api.audit.query({ kind: 'document.opened', result: 'refused', limit: 5 });
    assert.ok(audit.ok && audit.value.some((entry) => entry.details.code === 'zone.levelTooHigh'));
  });

  it('names the damaged chunk of a tampered document and releases nothing', async () => {
    await make('hong.alc', Buffer.alloc(200_000, 0x41), 'unclassified');
    const bytes = await readFile(path.join(dir, 'hong.alc'));
    bytes[bytes.length - 40_000] = (bytes[bytes.length - 40_000] ?? 0) ^ 1;
    await writeFile(path.join(dir, 'hong.alc'), bytes);
    const opened = await api.documents.open({ path: path.join(dir, 'hong.alc') });
    assert.ok(!opened.ok);
    assert.equal(opened.error.code, 'document.chunkTampered');
    assert.equal(opened.error.details?.chunk, 2);
  });

  it('checks paths from the renderer: relative is refused by the contract, missing or a folder by main', async () => {
    assert.equal((await api.documents.open({ path: 'thong-bao.alc' })).ok, false);
    const missing = await api.documents.open({ path: path.join(dir, 'khong-co.alc') });
    assert.equal(!missing.ok && missing.error.code, 'document.invalidPath');
    const folder = await api.documents.open({ path: dir });
    assert.equal(!folder.ok && folder.error.code, 'document.invalidPath');
  });

  it('an export to a full disk (a real 64 KiB tmpfs, root) says so and leaves no partial plaintext', async () => {
    await make('lon.alc', Buffer.alloc(300_000, 0x42), 'unclassified');
    const opened = await api.documents.open({ path: path.join(dir, 'lon.alc') });
    assert.ok(opened.ok);
    const full = path.join(dir, 'full');
    await mkdir(full);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', full]);
    try {
      const exported = await api.documents.export({ viewId: opened.value.viewId, path: path.join(full, 'lon.bin') });
      assert.equal(!exported.ok && exported.error.code, 'store.diskFull');
      assert.deepEqual(await readdir(full), []);
    } finally {
      execFileSync('umount', ['--lazy', full]);
    }
  });

  it('exports plaintext only on request, never over a file, audited; locking wipes every open view', async () => {
    await make('xuat.alc', Buffer.from('Văn bản công khai'), 'unclassified');
    const opened = await api.documents.open({ path: path.join(dir, 'xuat.alc') });
    assert.ok(opened.ok);
    const target = path.join(dir, 'xuat.txt');
    assert.deepEqual(await api.documents.export({ viewId: opened.value.viewId, path: target }), { ok: true, value: { path: target } });
    assert.equal(await readFile(target, 'utf8'), 'Văn bản công khai');
    // The name is taken: the second export is "xuat (2).txt", the first file stays as it is (issue #13).
    await writeFile(target, 'ghi chú riêng');
    assert.deepEqual(await api.documents.export({ viewId: opened.value.viewId, path: target }), { ok: true, value: { path: path.join(dir, 'xuat (2).txt') } });
    assert.equal(await readFile(target, 'utf8'), 'ghi chú riêng');
    assert.equal(await readFile(path.join(dir, 'xuat (2).txt'), 'utf8'), 'Văn bản công khai');
    const exported = await api.audit.query({ kind: 'document.exported', limit: 5 });
    // The audit names the file as written.
    assert.ok(exported.ok && exported.value.some((entry) => entry.result === 'ok' && entry.details['target'] === 'xuat (2).txt'), JSON.stringify(exported));

    const view = core.services.documents.view(opened.value.viewId).data;
    await api.session.lock({});
    assert.ok(view.every((byte) => byte === 0), 'the plaintext buffer is zeroed at lock');
    assert.ok((await api.session.unlock({ token: { serial: token.serial, label: token.label }, pin: token.userPin })).ok);
    const after = await api.documents.view({ viewId: opened.value.viewId });
    assert.equal(!after.ok && after.error.code, 'document.viewClosed');
    assert.ok(!existsSync(path.join(dir, '.xuat.txt.part')));
  });
});
