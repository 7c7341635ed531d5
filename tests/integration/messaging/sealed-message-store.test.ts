import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { AuditRecorder } from '../../../electron/core/audit-recorder.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { MAX_INDEXED_WORDS } from '../../../electron/core/messaging/message-search-index.js';
import { MESSAGE_STORE_LOOKUPS } from '../../../electron/core/messaging/message-store-schema.js';
import { MessageTrackingStore } from '../../../electron/core/messaging/message-tracking-store.js';
import { SealedMessageStore, type InboxMessage } from '../../../electron/core/messaging/sealed-message-store.js';
import { SealedOutbox } from '../../../electron/core/messaging/sealed-outbox.js';
import type { Precedence } from '../../../electron/core/messaging/message-attributes.js';
import { rotateDataKey } from '../../../electron/core/store/data-key-rotation.js';
import { SealedStore } from '../../../electron/core/store/sealed-store.js';
import { filesContaining } from '../../support/plaintext-scan.js';
import { softwareRecipient, type SoftwareRecipient } from '../../support/software-recipient.js';

const isCode = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

function message(n: number, precedence: Precedence, subject: string, options: { body?: string; sender?: string } = {}): InboxMessage {
  return {
    messageId: `<m${n}@airlock.test>`,
    subject,
    body: options.body ?? `Nội dung văn bản số ${n}`,
    sender: options.sender ?? 'Trần Thị Bình',
    senderFingerprint: 'ab'.repeat(32),
    classification: 'mat',
    precedence,
    receivedAt: new Date(Date.UTC(2026, 11, 4, 8, 0, n)).toISOString(),
    expiresAt: '2027-01-01T00:00:00.000Z',
    receiptRequested: true,
    verdict: { trusted: true },
    signedData: Buffer.concat([Buffer.from([0x30, 0x82]), randomBytes(64)]),
  };
}

/** The audit port, recording in memory: the audit trail behind it has its own tests. */
function recordingAudit(): AuditRecorder & { readonly events: string[] } {
  const events: string[] = [];
  return { events, record: (kind, result, details) => events.push(`${kind} ${result} ${JSON.stringify(details ?? {})}`) };
}

/** Counts statements run on the database (every better-sqlite3 Statement shares one prototype). */
function countStatements<T>(db: Database.Database, work: () => T): { result: T; statements: number } {
  const prototype = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'all' | 'get' | 'run' | 'iterate', (...args: unknown[]) => unknown>;
  const originals = { all: prototype.all, get: prototype.get, run: prototype.run, iterate: prototype.iterate };
  let statements = 0;
  for (const name of ['all', 'get', 'run', 'iterate'] as const) {
    const original = originals[name];
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      statements++;
      return original.apply(this, args);
    };
  }
  try {
    return { result: work(), statements };
  } finally {
    Object.assign(prototype, originals);
  }
}

describe('sealed message store: real SQLite file, real AES-GCM sealed store (software recipient key)', () => {
  let dir: string;
  let user: SoftwareRecipient;
  const open: SealedStore[] = [];
  const create = (name: string) => {
    const store = SealedStore.create(path.join(dir, name), [{ certificateDer: user.certificateDer, role: 'user' }]);
    open.push(store);
    return store;
  };

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-msgstore-'));
    user = await softwareRecipient('rsa', 'Message Store User');
  });
  after(async () => {
    for (const store of open) if (store.database.open) store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the inbox most urgent first, then newest, one statement per page, with cursors', () => {
    const store = create('order.db');
    const inbox = new SealedMessageStore(store, recordingAudit());
    const precedences: Precedence[] = ['thuong', 'hoaToc', 'khan', 'thuong', 'thuongKhan', 'hoaToc', 'khan', 'thuong'];
    precedences.forEach((precedence, n) => inbox.add(message(n, precedence, `Công văn ${n}`)));
    // Fetched twice (a redelivery): stored once.
    inbox.add(message(3, 'thuong', 'Công văn 3'));

    const seen: string[] = [];
    let after: string | undefined;
    const counts: number[] = [];
    do {
      const { result, statements } = countStatements(store.database, () => inbox.page({ limit: 3, ...(after === undefined ? {} : { after }) }));
      counts.push(statements);
      seen.push(...result.messages.map((m) => `${m.precedence}:${m.subject}`));
      after = result.next;
    } while (after !== undefined);
    assert.deepEqual(seen, ['hoaToc:Công văn 5', 'hoaToc:Công văn 1', 'thuongKhan:Công văn 4', 'khan:Công văn 6', 'khan:Công văn 2', 'thuong:Công văn 7', 'thuong:Công văn 3', 'thuong:Công văn 0']);
    assert.deepEqual(counts, [1, 1, 1], 'one statement per page, whatever its size');
    const first = inbox.byMessageId('<m1@airlock.test>');
    assert.equal(first?.verdict.trusted, true);
    assert.equal(first?.signedData.length, 66, 'the SignedData comes back as stored');
  });

  it('finds by subject, body and sender words, ignoring diacritics and case, by word prefix; only matches decrypted', () => {
    const store = create('search.db');
    const inbox = new SealedMessageStore(store, recordingAudit());
    inbox.add(message(1, 'hoaToc', 'Hỏa tốc: triển khai phương án bảo vệ', { sender: 'Nguyễn Văn Đức' }));
    inbox.add(message(2, 'thuong', 'Báo cáo tuần', { body: 'Đề nghị gửi HOẢ TỐC trước thứ sáu' }));
    inbox.add(message(3, 'khan', 'Lịch họp giao ban', { sender: 'Lê Hoàng Anh' }));
    const ids = (query: string) => inbox.search(query, { limit: 10 }).messages.map((m) => m.messageId);

    for (const query of ['Hỏa tốc', 'hoa toc', 'HOẢ TỐC', 'hoả Tốc']) assert.deepEqual(ids(query), ['<m1@airlock.test>', '<m2@airlock.test>'], query);
    assert.deepEqual(ids('duc'), ['<m1@airlock.test>'], 'đ folds to d, in the sender');
    assert.deepEqual(ids('ĐỨC nguyen'), ['<m1@airlock.test>']);
    assert.deepEqual(ids('giao'), ['<m3@airlock.test>'], 'subject');
    assert.deepEqual(ids('hoang'), ['<m3@airlock.test>'], 'sender Hoàng');
    assert.deepEqual(ids('ho'), ['<m1@airlock.test>', '<m3@airlock.test>', '<m2@airlock.test>'], 'prefix: hỏa, họp, Hoàng, HOẢ');
    assert.deepEqual(ids('thu sau'), ['<m2@airlock.test>'], 'body words, all of them');
    assert.deepEqual(ids('toc giao'), [], 'every word must match');
    assert.deepEqual(ids('phuongan'), [], 'a longer word is not a prefix of a shorter one');
    assert.deepEqual(ids('   '), []);
    assert.deepEqual(ids('hoa toc TOC trien khai phuong an bao ve nguyen van duc noi dung ban so 1 zzz'), ['<m1@airlock.test>'], 'a query is cut to 16 distinct terms: the 17th (zzz) is not asked');
    // Past the 8-character index prefix, the decrypted text decides.
    inbox.add(message(4, 'thuong', 'Interoperability test'));
    inbox.add(message(5, 'thuong', 'Interoperate later'));
    assert.deepEqual(ids('interoperab'), ['<m4@airlock.test>']);
  });

  it('keeps no plaintext subject, body, sender or word on disk (the file and its WAL, before and after close)', async () => {
    const sub = path.join(dir, 'scan');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    const store = SealedStore.create(path.join(sub, 'zone.db'), [{ certificateDer: user.certificateDer, role: 'user' }]);
    open.push(store);
    const inbox = new SealedMessageStore(store, recordingAudit());
    inbox.add(message(1, 'hoaToc', 'Xuongrongmarker tuyệt mật', { body: 'Thanhlongmarker nội dung riêng', sender: 'Phạm Giaolinhmarker' }));
    new SealedOutbox(store).enqueue({ messageId: '<o1@airlock.test>', message: Buffer.from('Outboxbytesmarker'), recipients: ['Recipientmarker'], precedence: 'khan', queuedAt: new Date().toISOString() });
    new MessageTrackingStore(store).addReceipt({ messageId: '<m1@airlock.test>', reader: 'Readermarker', readerFingerprint: 'cd'.repeat(32), readAt: new Date().toISOString(), receipt: Buffer.from('Receiptmarker') });
    assert.equal(inbox.search('xuongrong', { limit: 5 }).messages.length, 1);
    const markers = ['Xuongrongmarker', 'xuongrongmarker', 'Thanhlongmarker', 'thanhlong', 'Giaolinhmarker', 'giaolinh', 'Readermarker', 'Recipientmarker', '<m1@airlock.test>', '<o1@airlock.test>', 'xuongr'];
    const scan = async () => {
      for (const marker of markers) assert.deepEqual((await filesContaining([sub], marker)).found, [], marker);
    };
    assert.ok((await import('node:fs/promises').then((fs) => fs.stat(path.join(sub, 'zone.db-wal')))).size > 0, 'the WAL holds the writes');
    await scan();
    store.close();
    await scan();
    // The scan can see plaintext: the same text put in clear is found.
    const raw = new Database(path.join(sub, 'zone.db'));
    raw.prepare('INSERT INTO store_meta (name, value) VALUES (?, ?)').run('probe', 'Thanhlongmarker');
    raw.close();
    assert.equal((await filesContaining([sub], 'Thanhlongmarker')).found.length, 1);
  });

  it('re-indexes the words when the data key is rotated, also when the rotation stopped half-way', async () => {
    const store = create('rotation.db');
    const inbox = new SealedMessageStore(store, recordingAudit());
    for (let n = 0; n < 6; n++) inbox.add(message(n, 'thuong', `Kế hoạch ${n}`, { body: n % 2 === 0 ? 'Diễn tập phòng cháy' : 'Họp chi bộ' }));
    const tokens = () => store.database.prepare('SELECT hex(token) AS t FROM message_words ORDER BY t').all() as { t: string }[];
    const before = tokens();
    const recipients = [{ certificateDer: user.certificateDer, role: 'user' as const }];
    const controller = new AbortController();
    const halfway = await rotateDataKey(store, recipients, { lookups: MESSAGE_STORE_LOOKUPS, batch: 2, signal: controller.signal, onProgress: () => controller.abort() });
    assert.equal(halfway.finished, false);
    assert.deepEqual(store.unlockedGenerations.sort(), [1, 2]);
    assert.equal(inbox.search('dien tap', { limit: 10 }).messages.length, 3, 'records under both generations are found');
    assert.equal((await rotateDataKey(store, recipients, { lookups: MESSAGE_STORE_LOOKUPS })).finished, true);
    assert.equal(store.generation, 2);
    const afterRotation = tokens();
    assert.equal(afterRotation.length, before.length);
    assert.equal(afterRotation.filter((row) => before.some((old) => old.t === row.t)).length, 0, 'no token of the old key is left');
    assert.deepEqual(inbox.search('DIỄN TẬP', { limit: 10 }).messages.map((m) => m.messageId), ['<m4@airlock.test>', '<m2@airlock.test>', '<m0@airlock.test>']);
    assert.equal(inbox.search('chi bo', { limit: 10 }).messages.length, 3);
    assert.equal(inbox.byMessageId('<m5@airlock.test>')?.subject, 'Kế hoạch 5', 'the id lookup follows too');
  });

  it('refuses a rotation given the message id lookup without the word indexer, before anything changes', async () => {
    const store = create('rotation-refused.db');
    new SealedMessageStore(store, recordingAudit()).add(message(1, 'khan', 'Phòng cháy'));
    const lookups = { ...MESSAGE_STORE_LOOKUPS, messages: (value: unknown) => (value as { messageId: string }).messageId };
    await assert.rejects(rotateDataKey(store, [{ certificateDer: user.certificateDer, role: 'user' }], { lookups }), isCode('store.rotationUnsupported'));
    assert.equal(store.generation, 1);
    assert.deepEqual(store.unlockedGenerations, [1]);
  });

  it('refuses a tampered sealed row and a tampered urgency rank with store.tampered', () => {
    const store = create('tamper.db');
    const audit = recordingAudit();
    const inbox = new SealedMessageStore(store, audit);
    const id = inbox.add(message(1, 'thuong', 'Thông báo'));
    inbox.add(message(2, 'khan', 'Thông báo khác'));
    assert.equal(inbox.page({ limit: 10 }).messages.length, 2);
    // Raise a routine message to Hỏa tốc on disk: the clear rank disagrees with the sealed value.
    store.database.prepare('UPDATE message_order SET rank = 3 WHERE record_id = ?').run(id);
    assert.throws(() => inbox.page({ limit: 10 }), isCode('store.tampered'));
    store.database.prepare('UPDATE message_order SET rank = 0 WHERE record_id = ?').run(id);
    assert.equal(inbox.page({ limit: 10 }).messages.length, 2);
    // One bit of the sealed body flipped.
    const { body } = store.database.prepare('SELECT body FROM records WHERE id = ?').get(id) as { body: Buffer };
    body[body.length - 20] = (body[body.length - 20] ?? 0) ^ 0x01;
    store.database.prepare('UPDATE records SET body = ? WHERE id = ?').run(body, id);
    assert.throws(() => inbox.page({ limit: 10 }), isCode('store.tampered'));
    assert.throws(() => inbox.search('thong bao', { limit: 10 }), isCode('store.tampered'));
    assert.throws(() => inbox.byMessageId('<m1@airlock.test>'), isCode('store.tampered'));
    assert.deepEqual(audit.events, Array.from({ length: 4 }, () => 'message.storeTampered refused {"code":"store.tampered"}'), 'each refusal audited');
  });

  it(`indexes at most ${MAX_INDEXED_WORDS} distinct words a message (subject and sender first); deleting a message removes its rows`, () => {
    const store = create('bound.db');
    const inbox = new SealedMessageStore(store, recordingAudit());
    const words = Array.from({ length: MAX_INDEXED_WORDS + 100 }, (_, n) => `w${n.toString(36).padStart(4, 'q')}`);
    const id = inbox.add(message(1, 'khan', 'Tiêu đề', { body: words.join(' '), sender: 'Lý Thường Kiệt' }));
    const ids = (query: string) => inbox.search(query, { limit: 10 }).messages.map((m) => m.messageId);
    assert.deepEqual(ids('kiet'), ['<m1@airlock.test>']);
    assert.deepEqual(ids(words[MAX_INDEXED_WORDS - 6] ?? ''), ['<m1@airlock.test>'], 'the last indexed body word (after 2 subject and 3 sender words)');
    assert.deepEqual(ids(words[MAX_INDEXED_WORDS - 5] ?? ''), [], 'the first word past the bound');
    const count = (table: string) => (store.database.prepare(`SELECT count(*) AS n FROM ${table} WHERE record_id = ?`).get(id) as { n: number }).n;
    assert.ok(count('message_words') <= MAX_INDEXED_WORDS * 7, `${count('message_words')} tokens`);
    assert.throws(() => inbox.page({ limit: 0 }), RangeError);
    assert.throws(() => inbox.page({ limit: 10, after: 'not a cursor' }), TypeError);
    assert.equal(inbox.delete('<m1@airlock.test>'), true);
    assert.deepEqual([count('message_words'), count('message_order')], [0, 0]);
    assert.deepEqual(inbox.page({ limit: 10 }).messages, []);
  });

  it('at lock nothing can be listed or searched and the search key is overwritten', () => {
    const store = create('lock.db');
    const inbox = new SealedMessageStore(store, recordingAudit());
    inbox.add(message(1, 'khan', 'Khóa máy'));
    const keys = store.keysFor();
    store.lock();
    assert.ok(keys.messageSearchKey.equals(Buffer.alloc(32)), 'the search key is zeros');
    assert.ok(keys.rawBuffers().includes(keys.messageSearchKey));
    assert.throws(() => inbox.page({ limit: 5 }), isCode('store.locked'));
    assert.throws(() => inbox.search('khoa', { limit: 5 }), isCode('store.locked'));
    assert.throws(() => inbox.byMessageId('<m1@airlock.test>'), isCode('store.locked'));
  });

  it('keeps receipts (one per reader) and the latest delivery state per recipient', () => {
    const store = create('tracking.db');
    const tracking = new MessageTrackingStore(store);
    const receipt = { messageId: '<m1@airlock.test>', reader: 'Trần Thị Bình', readerFingerprint: 'cd'.repeat(32), readAt: '2026-12-04T09:00:00.000Z', receipt: Buffer.from([0x30, 0x03, 1, 2, 3]) };
    tracking.addReceipt(receipt);
    tracking.addReceipt(receipt);
    assert.deepEqual(tracking.receiptsFor('<m1@airlock.test>').map((r) => [r.reader, r.readAt, Buffer.from(r.receipt).toString('hex')]), [['Trần Thị Bình', '2026-12-04T09:00:00.000Z', '3003010203']]);
    tracking.setDelivery({ messageId: '<m1@airlock.test>', recipient: 'a', state: 'stored', at: '2026-12-04T08:00:00.000Z' });
    tracking.setDelivery({ messageId: '<m1@airlock.test>', recipient: 'b', state: 'stored', at: '2026-12-04T08:00:00.000Z' });
    tracking.setDelivery({ messageId: '<m1@airlock.test>', recipient: 'a', state: 'read', at: '2026-12-04T09:00:00.000Z' });
    assert.deepEqual(tracking.deliveryOf('<m1@airlock.test>').map((d) => `${d.recipient}:${d.state}`).sort(), ['a:read', 'b:stored']);
  });

  it('outbox: a sender SIGKILLed mid-send leaves the entry sending; the retry hands out the same id and bytes, once sent never again', async () => {
    const file = path.join(dir, 'outbox.db');
    const store = create('outbox.db');
    const outbox = new SealedOutbox(store);
    const bytes = randomBytes(2048);
    outbox.enqueue({ messageId: '<out1@airlock.test>', message: bytes, recipients: ['inbox.b'], precedence: 'hoaToc', queuedAt: '2026-12-04T08:00:00.000Z' });
    outbox.enqueue({ messageId: '<out1@airlock.test>', message: randomBytes(2048), recipients: ['inbox.b'], precedence: 'hoaToc', queuedAt: '2026-12-04T08:00:01.000Z' });
    assert.equal(outbox.pending().length, 1, 'queued once');
    store.close();

    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../support/outbox-crash-sender.ts'), file, '<out1@airlock.test>'], {
      env: { ...process.env, CRASH_TEST_KEY: Buffer.from(user.privateKeyPem).toString('base64'), CRASH_TEST_CERT: Buffer.from(user.certificateDer).toString('base64') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.trim());
        });
        child.on('exit', (code) => reject(new Error(`sender exited ${String(code)} before sending`)));
      });
      assert.equal(line, `sending <out1@airlock.test> ${bytes.toString('base64')}`);
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once('exit', resolve)));
    }
    assert.equal(child.signalCode, 'SIGKILL');

    const reopened = SealedStore.open(file);
    open.push(reopened);
    await reopened.unlock(user.certificateDer, user.operations);
    const again = new SealedOutbox(reopened);
    assert.deepEqual(again.pending().map((e) => [e.messageId, e.state, e.attempts]), [['<out1@airlock.test>', 'sending', 1]]);
    const retry = again.beginSend('<out1@airlock.test>');
    assert.equal(retry?.messageId, '<out1@airlock.test>');
    assert.ok(retry !== undefined && Buffer.from(retry.message).equals(bytes), 'the same bytes, so the server de-duplicates them');
    assert.equal(retry.attempts, 2);
    again.markSent('<out1@airlock.test>', '2026-12-04T08:05:00.000Z');
    assert.deepEqual(again.pending(), []);
    assert.equal(again.beginSend('<out1@airlock.test>'), undefined, 'a sent message is not handed out again');
    assert.equal(again.get('<out1@airlock.test>')?.state, 'sent');
  });
});
