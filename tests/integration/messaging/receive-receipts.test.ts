// Signed receipts on the receiving side (issue #15 item 3), on a real nats-server, real SoftHSM keys
// and real sealed SQLite stores: made only on opening, once; verified when they come back; forged
// ones refused. Threads and expiry as the reader sees them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { makeReceipt } from '../../../electron/core/messaging/signed-receipt.js';
import { fingerprintOf } from '../../../electron/core/signing/token-signer.js';
import { verifySignedData } from '../../../electron/core/messaging/cms-signed-data-verifier.js';
import { readSignedMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { createReceiveLab, type ReceiveLab } from '../../support/receive-lab.js';
import { teardownAfterSuite } from '../../support/teardown.js';

describe('receipts: sent on opening only, once; verified when they come back', () => {
  const teardown = teardownAfterSuite();
  let lab: ReceiveLab;

  before(async () => {
    lab = await createReceiveLab(teardown);
  });

  it('queues a signed receipt on the first opening only — none on fetching, none again on re-opening — and the sender records "read by … at …"', async () => {
    const written = await lab.send(lab.an, lab.binh, { subject: 'Xin xác nhận đã đọc', precedence: 'thuongKhan', requestReceipt: true });
    await lab.keep(written, [lab.binh]);
    const binh = await lab.reader(lab.binh, 'mat', 'receipt');
    assert.equal((await binh.receiver.receive()).stored, 1);
    assert.deepEqual(binh.outbox.pending(), [], 'fetched only: no receipt');
    const [line] = (await binh.reading.inbox({})).messages;
    assert.ok(line !== undefined);
    assert.equal(line.read, false);

    const opened = await binh.reading.open(line.id);
    assert.equal(opened.receiptSent, true);
    assert.equal(opened.read, true);
    assert.equal(opened.body, 'Đề nghị các đơn vị báo cáo trước 17 giờ.\r\n');
    const [queued] = binh.outbox.pending();
    assert.ok(queued !== undefined);
    assert.deepEqual(queued.recipients, [lab.an.id], "to the sender's inbox");
    assert.equal(queued.precedence, 'thuongKhan');
    assert.notEqual(queued.messageId, written.messageId, 'under an id of its own');
    assert.ok(binh.audit.some((event) => event.kind === 'message.receiptSent' && event.result === 'ok'));

    const reopened = await binh.reading.open(line.id);
    assert.equal(reopened.receiptSent, true);
    assert.equal(binh.outbox.pending().length, 1, 're-opening queues nothing more');
    assert.equal(binh.audit.filter((event) => event.kind === 'message.receiptSent').length, 1, 'and signs nothing more');
    assert.equal((await binh.reading.inbox({})).messages[0]?.read, true);

    // The outbox sender (the send side) publishes it; the sender's workstation receives and checks it.
    await lab.publish(lab.binh, lab.an, queued.messageId, queued.message, queued.precedence);
    const an = await lab.reader(lab.an, 'mat', 'sender');
    assert.deepEqual(await an.receiver.receive(), { stored: 0, quarantined: 0, duplicates: 0, held: 0, receipts: 1, receiptsRejected: 0 });
    const binhFingerprint = (await verifySignedData(queued.message, lab.trust)).signer.fingerprint;
    const [receipt] = an.tracking.receiptsFor(written.messageId);
    assert.ok(receipt !== undefined);
    assert.equal(receipt.readerFingerprint, binhFingerprint);
    assert.ok(Math.abs(Date.parse(receipt.readAt) - Date.now()) < 120_000, 'read at the time binh signed');
    assert.deepEqual(Buffer.from(receipt.receipt), Buffer.from(queued.message), 'the proof is kept');
    assert.deepEqual(an.tracking.deliveryOf(written.messageId).map((delivery) => [delivery.recipient, delivery.state]), [[binhFingerprint, 'read']]);
    assert.ok(an.audit.some((event) => event.kind === 'message.receiptReceived' && event.result === 'ok'));
    assert.deepEqual(await an.inbox.fetch(10), [], 'acked');
    assert.equal(await lab.waiting(lab.an), 0);
  });

  it('rejects and audits a forged receipt (another signer, a changed signature, another message, a valid signer who was not a recipient) and records nothing', async () => {
    // To binh, left in another inbox: binh's inbox stays for the next test.
    const written = await lab.send(lab.an, lab.stranger, { subject: 'Cần xác nhận' }, { encryptTo: [lab.binh.key.certificateDer] });
    await lab.keep(written, [lab.binh]);
    // Sent to the stranger only; binh, whose certificate an trusts, signs a valid receipt for it anyway.
    const notToBinh = await lab.send(lab.an, lab.stranger, { subject: 'Chỉ gửi người khác' });
    await lab.keep(notToBinh, [lab.stranger]);
    const byOutsider = await makeReceipt({ original: await verifySignedData(notToBinh.signed.signedData, lab.trust), signer: lab.binh.key.signer, chain: lab.binh.chain, now: new Date() });
    const original = await verifySignedData(written.signed.signedData, lab.trust);
    // Signed by a token of an authority an does not pin.
    const foreign = await makeReceipt({ original, signer: lab.stranger.key.signer, chain: lab.stranger.chain, now: new Date() });
    await lab.publish(lab.stranger, lab.an, 'forged-1@airlock.invalid', foreign);
    // binh's real receipt with one byte of its signature changed.
    const real = Buffer.from(await makeReceipt({ original, signer: lab.binh.key.signer, chain: lab.binh.chain, now: new Date() }));
    real.writeUInt8((real.at(-5) ?? 0) ^ 0x01, real.length - 5);
    await lab.publish(lab.binh, lab.an, 'forged-2@airlock.invalid', real);
    // A valid receipt by binh, but for a message an never sent.
    const other = await lab.send(lab.binh, lab.stranger, { subject: 'không phải của an' });
    const notOurs = await makeReceipt({ original: await verifySignedData(other.signed.signedData, lab.trust), signer: lab.binh.key.signer, chain: lab.binh.chain, now: new Date() });
    await lab.publish(lab.binh, lab.an, 'forged-3@airlock.invalid', notOurs);
    await lab.publish(lab.binh, lab.an, 'forged-4@airlock.invalid', byOutsider);

    const an = await lab.reader(lab.an, 'mat', 'forged');
    assert.deepEqual(await an.receiver.receive(), { stored: 0, quarantined: 0, duplicates: 0, held: 0, receipts: 0, receiptsRejected: 4 });
    for (const sent of [written, notToBinh]) {
      assert.deepEqual(an.tracking.receiptsFor(sent.messageId), [], 'no "read by"');
      assert.deepEqual(an.tracking.deliveryOf(sent.messageId), []);
    }
    assert.deepEqual(
      an.audit.filter((event) => event.kind === 'message.receiptRejected').map((event) => [event.result, event.details['code']]),
      [
        ['refused', 'message.unknownSigner'],
        ['refused', 'message.tampered'],
        ['refused', 'message.receiptMismatch'],
        ['refused', 'message.receiptNotRecipient'],
      ],
    );
    const outsider = an.audit.find((event) => event.details['code'] === 'message.receiptNotRecipient');
    assert.deepEqual([outsider?.details['messageId'], outsider?.details['signer']], [notToBinh.messageId, fingerprintOf(lab.binh.key.certificateDer)], 'the audit names the message and who signed');
    assert.equal((await an.reading.inbox({})).messages.length, 0, 'never shown');
    assert.deepEqual(await an.inbox.fetch(10), []);
    assert.equal(await lab.waiting(lab.an), 0, 'dropped: acked');
  });

  it('shows a message past its expiry as expired and sends no receipt for it', async () => {
    const written = await lab.send(lab.an, lab.binh, { subject: 'Hết hạn sau một giờ', expiresAt: new Date(Date.now() + 3_600_000) });
    const later = (): Date => new Date(Date.now() + 2 * 3_600_000);
    const binh = await lab.reader(lab.binh, 'mat', 'expiry', { readingNow: later });
    assert.equal((await binh.receiver.receive()).stored, 1);
    const [line] = (await binh.reading.inbox({})).messages;
    assert.equal(line?.messageId, written.messageId);
    assert.equal(line.expired, true);
    const opened = await binh.reading.open(line.id);
    assert.equal(opened.expired, true);
    assert.equal(opened.receiptSent, false);
    assert.deepEqual(binh.outbox.pending(), []);
  });

  it('gives a thread oldest first, found from any of its messages', async () => {
    const first = await lab.send(lab.an, lab.binh, { subject: 'Kế hoạch quý I' });
    const firstText = await readSignedMessage(first.signed.signedData, lab.trust);
    const reply = await lab.send(lab.an, lab.binh, { subject: 'Re: Kế hoạch quý I', inReplyTo: firstText.text.messageId, references: [firstText.text.messageId] });
    await lab.send(lab.an, lab.binh, { subject: 'Việc khác' });
    const binh = await lab.reader(lab.binh, 'mat', 'thread');
    assert.equal((await binh.receiver.receive()).stored, 3);
    const byId = new Map((await binh.reading.inbox({})).messages.map((message) => [message.messageId, message.id]));
    const expected = [first.messageId, reply.messageId];
    for (const start of expected) assert.deepEqual((await binh.reading.thread(byId.get(start) ?? 0)).map((message) => message.messageId), expected);
  });
});
