// Receiving what a message carries besides its text (issue #15): attachment references and forwarded
// originals kept in the sealed inbox and shown on opening, each forwarded original verified on its own
// (a tampered one inside a trusted forward shows `tampered`, one above the zone's ceiling shows no
// text). Real nats-server, real SoftHSM keys, real sealed SQLite stores (tests/support/receive-lab.ts).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DomainError } from '../../../electron/core/domain-error.js';
import type { AttachmentRef } from '../../../electron/core/messaging/messaging-ports.js';
import { createReceiveLab, type ReceiveLab } from '../../support/receive-lab.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const REF: AttachmentRef = { fileName: 'Phụ lục.xlsx.alc', size: 48_213, sha256: 'c'.repeat(64), bucket: 'ATT_0123456789abcdef0123456789abcdef', object: '3f2504e0-4f89-41d3-9a0c-0305e82c3302' };

/** The original altered after signing, as generate-forward.ts alters its vector: one bit of the text's base64. */
function tampered(signedData: Uint8Array): Uint8Array {
  const bytes = Buffer.from(signedData);
  const at = bytes.indexOf('Content-Transfer-Encoding: base64\r\n\r\n');
  assert.ok(at >= 0, 'the original carries its text in base64');
  const bodyAt = at + 40;
  bytes[bodyAt] = (bytes[bodyAt] ?? 0) ^ 0x02;
  return new Uint8Array(bytes);
}

describe('receiving attachments and forwards: kept sealed, shown on opening, each original verified on its own', () => {
  const teardown = teardownAfterSuite();
  let lab: ReceiveLab;

  before(async () => {
    lab = await createReceiveLab(teardown);
  });

  it('a trusted forward shows its attachment and its originals: the valid one trusted, the altered one tampered, the one above the ceiling without its text', async () => {
    const original = await lab.send(lab.an, lab.an, { subject: 'Công điện gốc', body: 'Nội dung công điện gốc.\r\n', classification: 'mat' });
    const above = await lab.send(lab.an, lab.an, { subject: 'Tuyệt mật gốc', body: 'Không được hiện ở vùng Mật.\r\n', classification: 'tuyetMat' });
    const forward = await lab.send(lab.an, lab.binh, { subject: 'Chuyển tiếp: Công điện', body: 'Chuyển để biết.\r\n', classification: 'mat', attachments: [REF], forwarded: [original.signed.signedData, tampered(original.signed.signedData), above.signed.signedData] });
    const binh = await lab.reader(lab.binh, 'mat', 'forwards');
    assert.equal((await binh.receiver.receive()).stored, 1);
    const page = await binh.reading.inbox({});
    const listed = page.messages.find((message) => message.messageId === forward.messageId) ?? assert.fail('the forward is not listed');
    assert.deepEqual(listed.verdict, { trusted: true });
    assert.equal(listed.attachments, 1, 'the summary counts the attachment');
    const opened = await binh.reading.open(listed.id);
    assert.deepEqual(opened.attachmentList, [{ index: 0, fileName: REF.fileName, size: REF.size }]);
    assert.equal(opened.forwarded.length, 3);
    const [valid, altered, held] = opened.forwarded;
    assert.deepEqual({ subject: valid?.subject, body: valid?.body, classification: valid?.classification, verdict: valid?.verdict }, { subject: 'Công điện gốc', body: 'Nội dung công điện gốc.\r\n', classification: 'mat', verdict: { trusted: true } });
    assert.ok(valid?.sender !== '' && valid?.sentAt !== null, 'the original’s signer and signing time');
    assert.deepEqual(altered?.verdict, { trusted: false, problem: 'tampered' }, 'never shown as trusted, though the forward is');
    assert.deepEqual(held, { subject: '', sender: '', sentAt: null, classification: 'tuyetMat', body: '', verdict: { trusted: false, problem: 'aboveCeiling' } }, 'no read up through a forward');
    // What the reader keeps is the sealed record: read back from the store, it still has them.
    const kept = binh.messages.byMessageId(forward.messageId) ?? assert.fail('not kept');
    assert.deepEqual(kept.attachments, [REF]);
    assert.equal(kept.forwarded?.length, 3);
    assert.ok(Buffer.from(kept.forwarded?.[0] ?? []).equals(original.signed.signedData));
    assert.deepEqual(binh.reading.attachment(listed.id, 0).ref, REF);
    assert.throws(() => binh.reading.attachment(listed.id, 1), (error: unknown) => error instanceof DomainError && error.code === 'messaging.attachmentNotFound');
  });

  it('a quarantined message’s attachments are listed by nothing and never fetched (messaging.attachmentNotTrusted)', async () => {
    await lab.send(lab.stranger, lab.binh, { subject: 'Tệp từ người lạ', attachments: [REF] });
    const binh = await lab.reader(lab.binh, 'mat', 'stranger');
    assert.equal((await binh.receiver.receive()).quarantined, 1);
    const listed = (await binh.reading.inbox({})).messages[0] ?? assert.fail('not listed');
    assert.deepEqual(listed.verdict, { trusted: false, problem: 'unknownSigner' });
    assert.equal(listed.attachments, 0);
    assert.deepEqual((await binh.reading.open(listed.id)).attachmentList, []);
    assert.throws(() => binh.reading.attachment(listed.id, 0), (error: unknown) => error instanceof DomainError && error.code === 'messaging.attachmentNotTrusted');
  });

  it('a record sealed before attachments were kept still reads: none listed, none forwarded', async () => {
    const binh = await lab.reader(lab.binh, 'mat', 'old-record');
    const now = new Date().toISOString();
    // The record as the store wrote it before (no attachments, no forwarded fields).
    const id = binh.messages.add({ messageId: 'old@airlock.invalid', subject: 'Tin cũ', body: 'x', sender: 'An', senderFingerprint: undefined, classification: 'mat', precedence: 'thuong', receivedAt: now, expiresAt: now, receiptRequested: false, verdict: { trusted: true }, signedData: new Uint8Array([1]) });
    const opened = await binh.reading.open(id);
    assert.deepEqual([opened.attachments, opened.attachmentList, opened.forwarded], [0, [], []]);
  });
});
