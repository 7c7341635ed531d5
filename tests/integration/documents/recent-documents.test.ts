import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { encryptContainer } from '../../../electron/core/documents/container-writer.js';
import { RECENT_LIMIT } from '../../../electron/core/documents/recent-documents.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';
import { startedTokenCore, unlockedKeyHolders } from '../../support/token-core.js';

// Names no other file could hold by chance: the raw-bytes scan below looks for them.
const FOLDER = 'Phong-Co-Yeu-7f3a';
const INNER_NAME = 'Kế hoạch phòng thủ khu vực 7f3a.txt';

describe('recent documents: remembered at each successful open, sealed in settings.db, capped, kept across a restart (real token, real SQLite)', () => {
  let token: SoftHsmToken;
  let dir: string;
  let docs: string;
  let core: Core;
  let api: AirlockApi;

  const start = async () => {
    ({ core, api } = await startedTokenCore(token, path.join(dir, 'data')));
    return unlockedKeyHolders(core, token);
  };
  const file = (index: number) => path.join(docs, `bao-cao-${String(index).padStart(2, '0')}.alc`);
  const listed = async () => {
    const reply = await api.documents.recent({});
    assert.ok(reply.ok, JSON.stringify(reply));
    return reply.value;
  };
  const open = async (target: string) => {
    const reply = await api.documents.open({ path: target });
    assert.ok(reply.ok, JSON.stringify(reply));
    await api.documents.close({ viewId: reply.value.viewId });
  };

  before(async () => {
    token = await createSoftHsmToken();
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-recent-'));
    docs = path.join(dir, FOLDER);
    await mkdir(docs);
    const { rsa, ec } = await start();
    // One container, copied: each path is a document of its own to the list.
    await encryptContainer({
      source: { kind: 'stream', stream: Readable.from([Buffer.from('Nội dung kế hoạch.')]) },
      output: file(0),
      label: { level: 'unclassified', caveats: [], originator: 'Bộ Chỉ huy', date: '2026-11-25', declassifyOn: null },
      metadata: { fileName: INNER_NAME, mediaType: 'text/plain; charset=utf-8' },
      recipients: [rsa.certificateDer],
      signer: ec.signer,
      chain: [new Uint8Array(pemToDer(token.pki.intermediatePem))],
    });
    for (let index = 1; index <= RECENT_LIMIT + 1; index++) await copyFile(file(0), file(index));
  });
  after(async () => {
    core?.stop();
    await Promise.all([token?.cleanup(), rm(dir, { recursive: true, force: true })]);
  });

  it('remembers an opened container with its name, level, signer and time; a refused one is not listed', async () => {
    assert.deepEqual(await listed(), []);
    const refused = await api.documents.open({ path: path.join(docs, 'khong-co.alc') });
    assert.equal(!refused.ok && refused.error.code, 'document.invalidPath');
    await open(file(0));
    const [entry, ...rest] = await listed();
    assert.deepEqual(rest, []);
    assert.equal(entry?.path, file(0));
    assert.equal(entry?.fileName, INNER_NAME);
    assert.equal(entry?.level, 'unclassified');
    assert.equal(entry?.signer, 'Trần Thị Bình');
    assert.ok(entry !== undefined && Math.abs(Date.parse(entry.openedAt) - Date.now()) < 60_000);
  });

  it('the same path again replaces its entry and moves it to the top; at most 20, the oldest fall off', async () => {
    await open(file(1));
    await open(file(0));
    assert.deepEqual((await listed()).map((entry) => entry.path), [file(0), file(1)]);
    for (let index = 2; index <= RECENT_LIMIT + 1; index++) await open(file(index));
    const paths = (await listed()).map((entry) => entry.path);
    assert.equal(paths.length, RECENT_LIMIT);
    assert.equal(new Set(paths).size, RECENT_LIMIT);
    assert.equal(paths[0], file(RECENT_LIMIT + 1));
    assert.ok(!paths.includes(file(0)) && !paths.includes(file(1)), 'the two oldest went');
    assert.equal(core.services.vault?.settings.list('recentDocuments').length, RECENT_LIMIT, 'evicted entries are deleted, not just hidden');
  });

  it('holds no file name, folder or path in clear in settings.db (nor its WAL)', async () => {
    const store = path.join(dir, 'data', 'settings.db');
    const raw = Buffer.concat(await Promise.all([store, `${store}-wal`].filter((item) => existsSync(item)).map((item) => readFile(item))));
    assert.ok(raw.includes(Buffer.from('recentDocuments')), 'the scan sees the rows (their collection is in clear)');
    // Not the signer's name: here the signer is the token's owner, whose certificate the keyring holds in clear by design.
    for (const needle of [FOLDER, 'bao-cao-', 'Kế hoạch', INNER_NAME.normalize('NFD')]) {
      assert.equal(raw.includes(Buffer.from(needle, 'utf8')), false, needle);
      assert.equal(raw.includes(Buffer.from(needle, 'utf16le')), false, `${needle} (UTF-16)`);
    }
  });

  it('is refused while locked, and comes back after a restart of the core and a new unlock', async () => {
    const before = await listed();
    assert.ok((await api.session.lock({})).ok);
    const locked = await api.documents.recent({});
    assert.equal(!locked.ok && locked.error.code, 'session.locked');
    core.stop();
    await start();
    assert.deepEqual(await listed(), before);
  });

  it('forgets one entry by path, then the whole list; the files stay', async () => {
    const [first, second] = await listed();
    assert.ok(first && second);
    assert.deepEqual(await api.documents.forgetRecent({ path: first.path }), { ok: true, value: { removed: 1 } });
    assert.deepEqual(await api.documents.forgetRecent({ path: first.path }), { ok: true, value: { removed: 0 } });
    assert.equal((await listed())[0]?.path, second.path);
    assert.deepEqual(await api.documents.forgetRecent({ all: true }), { ok: true, value: { removed: RECENT_LIMIT - 1 } });
    assert.deepEqual(await listed(), []);
    assert.ok(existsSync(first.path));
    const mixed = await api.documents.forgetRecent({ path: first.path, all: true } as never);
    assert.equal(!mixed.ok && mixed.error.code, 'ipc.invalidRequest');
  });
});
