// Receiving (issue #15 items 3–5) on a real nats-server, real SoftHSM keys and real sealed SQLite
// stores: offline delivery then ack, duplicates, quarantine with the reason, no read up.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { writeSignedEntity, writeTextMessage } from '../../../electron/core/messaging/mime-entity.js';
import { signContent } from '../../../electron/core/messaging/cms-signed-data.js';
import { messageAttributes } from '../../../electron/core/messaging/message-attributes.js';
import { ID_AA_SECURITY_LABEL, ID_DATA } from '../../../electron/core/messaging/message-oids.js';
import { sealEnvelope } from '../../../electron/core/messaging/cms-envelope.js';
import { createReceiveLab, type ReceiveLab, type Reader } from '../../support/receive-lab.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const all = (reader: Reader) => reader.messages.page({ limit: 200 }).messages;

describe('receiving messages: fetch, decrypt on the token, verify, store, ack', () => {
  const teardown = teardownAfterSuite();
  let lab: ReceiveLab;

  before(async () => {
    lab = await createReceiveLab(teardown);
  });

  it('delivers a message sent while the reader was offline, stores it trusted, acks it, and it is not delivered again', async () => {
    const written = await lab.send(lab.an, lab.binh, { subject: 'Hỏa tốc: họp giao ban', precedence: 'hoaToc' });
    const binh = await lab.reader(lab.binh, 'toiMat', 'offline');
    const outcome = await binh.receiver.receive();
    assert.deepEqual(outcome, { stored: 1, quarantined: 0, duplicates: 0, held: 0, receipts: 0, receiptsRejected: 0 });
    const [kept] = all(binh);
    assert.ok(kept);
    assert.equal(kept.messageId, written.messageId);
    assert.deepEqual(kept.verdict, { trusted: true });
    assert.equal(kept.subject, 'Hỏa tốc: họp giao ban');
    assert.equal(kept.precedence, 'hoaToc');
    assert.deepEqual(binh.arrived, [{ id: kept.id, precedence: 'hoaToc', sender: kept.sender, subject: 'Hỏa tốc: họp giao ban', verdict: { trusted: true } }], 'the screen hears of it (Hỏa tốc raised), with its verdict');
    assert.ok(binh.audit.some((event) => event.kind === 'message.received' && event.result === 'ok' && event.details['messageId'] === written.messageId));
    assert.equal(binh.outbox.pending().length, 0, 'fetching sends no receipt');

    // Acked on the server: neither this connection nor a new one of the same device gets it again.
    assert.equal((await binh.inbox.fetch(10)).length, 0);
    await binh.connection.close();
    const again = await lab.reader(lab.binh, 'toiMat', 'offline-again');
    assert.deepEqual(await again.inbox.fetch(10), []);
    assert.equal(await lab.waiting(lab.binh), 0, 'the server holds nothing unacked for this device');
  });

  it('stores a message fetched again (the ack lost before it reached the server) once, and acks it', async () => {
    const written = await lab.send(lab.an, lab.binh, { subject: 'Gửi lại sau sự cố' });
    // The first ack never reaches the server: the server hands the same message (same sequence) out again.
    let lost: number | undefined;
    const binh = await lab.reader(lab.binh, 'mat', 'dup', {
      inboxWrap: (inbox) => ({
        fetch: async (max) =>
          (await inbox.fetch(max)).map((message) => {
            if (lost !== undefined) return message;
            lost = message.seq;
            return { ...message, ack: () => Promise.resolve(message.nak(0)) };
          }),
      }),
    });
    assert.equal((await binh.receiver.receive()).stored, 1);
    assert.equal((await binh.receiver.receive()).duplicates, 1);
    // The sender's outbox resent it after the server's duplicate window, under another Nats-Msg-Id.
    await lab.publish(lab.an, lab.binh, 'resent-after-window@airlock.invalid', written.message);
    assert.equal((await binh.receiver.receive()).duplicates, 1);
    assert.deepEqual(all(binh).map((message) => message.messageId), [written.messageId], 'stored once');
    assert.deepEqual(await binh.inbox.fetch(10), [], 'and acked');
    assert.equal(await lab.waiting(lab.binh), 0);
  });

  it('quarantines tampered, unknown-signer, expired and undecryptable messages with the reason, never as trusted, and acks them', async () => {
    const binh = await lab.reader(lab.binh, 'mat', 'quarantine');
    // Ciphertext changed on the way: the GCM tag fails before anything is decrypted.
    const good = await lab.send(lab.an, lab.stranger, { subject: 'Bao cao tuan' }, { encryptTo: [lab.binh.key.certificateDer] });
    const broken = Buffer.from(good.message);
    broken.writeUInt8((broken.at(-40) ?? 0) ^ 0x01, broken.length - 40);
    await lab.publish(lab.an, lab.binh, 'tampered-envelope@airlock.invalid', broken);
    // The signed content changed and sealed again to binh: decrypts, the signature fails.
    const signed = Buffer.from(good.signed.signedData);
    const at = signed.indexOf(Buffer.from('Subject: ')) + 9;
    signed.writeUInt8((signed.at(at) ?? 0) ^ 0x01, at);
    await lab.publish(lab.an, lab.binh, 'tampered-content@airlock.invalid', await sealEnvelope(writeSignedEntity(signed), [lab.binh.key.certificateDer]));
    await lab.send(lab.stranger, lab.binh, { subject: 'Thư của người lạ' });
    await lab.send(lab.an, lab.binh, { subject: 'Đã quá hạn', expiresAt: new Date(Date.now() - 60_000) });
    await lab.send(lab.an, lab.binh, { subject: 'Không gửi cho binh' }, { encryptTo: [lab.stranger.key.certificateDer] });
    // Signed by an without a security label: nobody can say its content may be held here.
    const unlabelledId = 'unlabelled@airlock.invalid';
    const unlabelled = await signContent({
      contentType: ID_DATA,
      content: writeTextMessage({ messageId: unlabelledId, date: new Date(), subject: 'Không có nhãn độ mật', body: 'nội dung không nhãn' }),
      signer: lab.an.key.signer,
      chain: lab.an.chain,
      attributes: messageAttributes({ classification: 'mat', precedence: 'khan', expiresAt: new Date(Date.now() + 86_400_000), contentIdentifier: new Uint8Array(Buffer.from(unlabelledId)), requestReceipt: true }, lab.an.key.certificateDer).filter((item) => item.attrType !== ID_AA_SECURITY_LABEL),
      signingTime: new Date(),
    });
    const unlabelledEnvelope = await sealEnvelope(writeSignedEntity(unlabelled.signedData), [lab.binh.key.certificateDer]);
    await lab.publish(lab.an, lab.binh, unlabelledId, unlabelledEnvelope);

    const outcome = await binh.receiver.receive();
    assert.equal(outcome.quarantined, 6);
    assert.equal(outcome.stored, 0);
    const page = await binh.reading.inbox({});
    const problems = page.messages.map((message) => [message.verdict.trusted ? 'trusted' : message.verdict.problem, message.subject, message.sender === '' ? 'unknown sender' : 'named sender']).sort();
    assert.deepEqual(problems, [
      ['expired', 'Đã quá hạn', 'named sender'],
      ['labelMissing', '', 'unknown sender'],
      ['notRecipient', '', 'unknown sender'],
      ['tampered', '', 'unknown sender'],
      ['tampered', 'Cao cao tuan', 'named sender'],
      ['unknownSigner', 'Thư của người lạ', 'named sender'],
    ].sort());
    const strangerLine = page.messages.find((message) => message.subject === 'Thư của người lạ');
    assert.ok(strangerLine !== undefined && strangerLine.senderFingerprint !== null, 'an unknown signer says who signed');
    assert.equal(binh.audit.filter((event) => event.kind === 'message.quarantined' && event.result === 'refused').length, 6);
    // Of the unlabelled one only the envelope (ciphertext) is kept: no text, no SignedData.
    const kept = all(binh).find((message) => message.verdict.trusted === false && message.verdict.problem === 'labelMissing');
    assert.ok(kept !== undefined);
    assert.deepEqual([kept.subject, kept.body, kept.sender, kept.classification], ['', '', '', 'mat']);
    assert.deepEqual(Buffer.from(kept.signedData), Buffer.from(unlabelledEnvelope));
    assert.ok(!Buffer.from(kept.signedData).includes(Buffer.from('nội dung không nhãn')));
    // Each is announced with the verdict stored for it: the Hoả tốc alert says "quarantined", never a trusted sender.
    assert.deepEqual(
      binh.arrived.map((arrived) => [arrived.verdict.trusted ? 'trusted' : arrived.verdict.problem, arrived.subject]).sort(),
      problems.map(([problem, subject]) => [problem, subject]).sort(),
    );
    assert.deepEqual(binh.arrived.map((arrived) => arrived.id).sort(), page.messages.map((message) => message.id).sort());
    assert.deepEqual(await binh.inbox.fetch(10), [], 'each was acked: a decision was made');
    assert.equal(await lab.waiting(lab.binh), 0);
    // Opening a quarantined message queues no receipt.
    for (const message of page.messages) await binh.reading.open(message.id);
    assert.equal(binh.outbox.pending().length, 0);
  });

  it('leaves a message above the ceiling on the server, unstored and unacked; leaving the zone hands it back at once, and the zone that may hold it reads it at its first fetch', async (t) => {
    const written = await lab.send(lab.an, lab.binh, { subject: 'Tối mật: kế hoạch', classification: 'toiMat' });
    const low = await lab.reader(lab.binh, 'mat', 'office');
    assert.deepEqual(await low.receiver.receive(), { stored: 0, quarantined: 0, duplicates: 0, held: 1, receipts: 0, receiptsRejected: 0 });
    assert.equal(all(low).length, 0, 'not stored in this zone');
    assert.equal(low.receiver.heldAbove(), 1);
    assert.equal(low.reading.heldAbove(), 1);
    assert.equal(await lab.waiting(lab.binh), 1, 'still on the server, unacked');
    assert.deepEqual(low.audit.map((event) => [event.kind, event.result, event.details['level'], event.details['ceiling']]), [['message.heldAbove', 'refused', 'toiMat', 'mat']]);
    // Held unanswered: not handed out again while this zone lives, and no second decision.
    assert.equal((await low.receiver.receive()).held, 0);
    assert.equal(low.audit.length, 1);

    // Leaving the zone (ZoneMessaging.close: the receiver releases over the live connection, then the connection closes).
    await low.receiver.release();
    assert.equal(low.receiver.heldAbove(), 0);
    await low.connection.close();
    const left = Date.now();
    const high = await lab.reader(lab.binh, 'toiMat', 'cipher');
    assert.equal((await high.receiver.receive()).stored, 1, 'the first fetch of the zone that may hold it gets it: no wait for a delay');
    t.diagnostic(`stored in the higher zone ${String(Date.now() - left)} ms after the lower zone's connection closed`);
    const [kept] = all(high);
    assert.equal(kept?.messageId, written.messageId);
    assert.equal(kept?.classification, 'toiMat');
    assert.deepEqual(await high.inbox.fetch(10), [], 'acked there');
    assert.equal(await lab.waiting(lab.binh), 0);
  });
});
