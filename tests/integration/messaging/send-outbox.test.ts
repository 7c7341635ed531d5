// The outbox on a real nats-server with real SoftHSM keys and a real sealed SQLite store: composed
// while offline and sealed on disk, sent once on connecting (also after a crash between publish and
// markSent), left queued with a clear reason while the server is down, kept across its restart, and
// shown in the Sent view as stored, then read once the recipient's signed receipt came back.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type { ComposeRequest } from '../../../shared/domain/message.js';
import type { MessagingConnection } from '../../../electron/core/messaging/connection.js';
import { readMessage, type ReceivedMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { Inbox, type InboxMessage } from '../../../electron/core/messaging/inbox.js';
import { messagingIdOf } from '../../../electron/core/messaging/messaging-address.js';
import { copyId } from '../../../electron/core/messaging/outbox-sender.js';
import { makeReceipt, verifyReceipt } from '../../../electron/core/messaging/signed-receipt.js';
import { MessagingTokenLab, type MessagingToken } from '../../support/messaging-token.js';
import { senderSide, type SenderSide } from '../../support/messaging-sender.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';
import { filesContaining } from '../../support/plaintext-scan.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const connected = (connection: MessagingConnection): Promise<unknown> => connection.until((state) => state.kind === 'connected');

describe('outbox on a real nats-server and a real token: sent exactly once, nothing lost while the server is down', () => {
  const teardown = teardownAfterSuite();
  const tokens = new MessagingTokenLab();
  teardown.defer(() => tokens.stop());
  let token: MessagingToken;
  let nats: MessagingLab;
  let an: SenderSide;
  let anId: string;
  let binhId: string;
  let binhFingerprint: string;

  const request = (subject: string, body: string): ComposeRequest => ({ recipients: [binhFingerprint], subject, body, classification: 'mat', precedence: 'thuongKhan', expiresInDays: 3, requestReceipt: true, attachments: [] });

  /** Everything waiting in Bình's inbox, acked, opened with Bình's key. */
  const binhReceives = async (connection: MessagingConnection): Promise<{ raw: InboxMessage; message: ReceivedMessage }[]> => {
    const fetched = await new Inbox(connection).fetch(20);
    const opened = [];
    for (const raw of fetched) {
      await raw.ack();
      opened.push({ raw, message: await readMessage({ message: raw.data, keys: [token.ec], trust: token.trust }) });
    }
    return opened;
  };

  before(async () => {
    token = await tokens.start();
    anId = messagingIdOf(token.rsa.certificateDer);
    binhId = messagingIdOf(token.ec.certificateDer);
    nats = await createMessagingLab(teardown, { users: [{ id: anId, devices: ['pc1'] }, { id: binhId, devices: ['pc1'] }] });
    an = await senderSide({ teardown, name: 'an', key: token.rsa, chain: [token.intermediate], trust: token.trust });
    const imported = await an.directory.import(token.ec.certificateDer, [token.intermediate]);
    assert.equal(imported.status, 'imported');
    binhFingerprint = imported.status === 'imported' ? imported.entry.fingerprint : '';
  });

  it('composed offline: sealed on disk, sent on connecting, once — also when a crash came between the publish and markSent', async () => {
    const marker = `Phương án bảo vệ ${randomUUID()}`;
    const { messageId } = await an.composer.compose(request('Phương án bảo vệ hội nghị', marker));

    // Not connected yet: the flush stops with a clear reason and the message stays queued.
    const offline = nats.connectAs(anId, 'pc1', { servers: ['tls://127.0.0.1:1'], retryMs: 60_000 });
    const stopped = await an.sender.flush(new Inbox(offline));
    assert.deepEqual(stopped, { sent: 0, left: 1, stopped: 'messaging.notConnected' });
    assert.deepEqual(an.outbox.pending().map((entry) => entry.messageId), [messageId]);
    an.store.database.pragma('wal_checkpoint(TRUNCATE)');
    for (const text of [marker, 'Phương án bảo vệ hội nghị']) assert.deepEqual((await filesContaining([path.dirname(an.file)], text)).found, [], 'the queued message and its sent record are sealed on disk');

    // Connected: the first attempt publishes, then "crashes" before it can record the server's ack.
    const anConnection = nats.connectAs(anId);
    await connected(anConnection);
    const inbox = new Inbox(anConnection);
    const crashing = {
      publish: async (...args: Parameters<Inbox['publish']>) => {
        await inbox.publish(...args);
        throw new Error('simulated crash after the publish, before markSent');
      },
    };
    assert.equal((await an.sender.flush(crashing)).left, 1);
    assert.equal(an.outbox.get(messageId)?.state, 'sending');
    assert.deepEqual(await an.sender.flush(inbox), { sent: 1, left: 0, stopped: undefined });
    assert.equal(an.outbox.get(messageId)?.state, 'sent');
    assert.equal(an.outbox.get(messageId)?.attempts, 3, 'offline, crashed, sent');
    assert.deepEqual(await an.sender.flush(inbox), { sent: 0, left: 0, stopped: undefined }, 'a sent entry is not handed out again');

    const binh = nats.connectAs(binhId);
    await connected(binh);
    const received = await binhReceives(binh);
    assert.deepEqual(received.map(({ raw, message }) => [raw.msgId, message.text.messageId, message.text.body]), [[copyId(messageId, binhId), messageId, marker]], 'one copy, the server de-duplicated the retry');
    assert.ok(an.audit.some((line) => line.kind === 'message.sent' && line.result === 'ok' && line.details['messageId'] === messageId));
  });

  it('server down: a clear state, the message stays queued; after the restart it is sent, and a stored one survives the restart', async () => {
    const anConnection = nats.connectAs(anId);
    await connected(anConnection);
    const inbox = new Inbox(anConnection);
    const before = await an.composer.compose(request('Trước khi máy chủ dừng', 'Tin thứ nhất.'));
    assert.equal((await an.sender.flush(inbox)).sent, 1);

    const [server] = nats.servers;
    assert.ok(server !== undefined);
    await server.stop();
    await anConnection.until((state) => state.kind === 'serverDown');
    const during = await an.composer.compose(request('Trong khi máy chủ dừng', 'Tin thứ hai.'));
    const down = await an.sender.flush(inbox);
    assert.equal(down.sent, 0);
    assert.equal(down.left, 1);
    assert.equal(down.stopped, 'messaging.notConnected');
    assert.deepEqual(an.outbox.pending().map((entry) => entry.messageId), [during.messageId]);
    assert.equal(an.view.sent(undefined).messages.find((message) => message.messageId === during.messageId)?.recipients[0]?.state, 'queued');

    await server.start();
    await connected(anConnection);
    assert.deepEqual(await an.sender.flush(inbox), { sent: 1, left: 0, stopped: undefined });
    const binh = nats.connectAs(binhId);
    await connected(binh);
    assert.deepEqual((await binhReceives(binh)).map(({ message }) => message.text.messageId), [before.messageId, during.messageId]);
  });

  it('the Sent view shows stored, then read with the time from the signed receipt that came back through the outbox', async () => {
    const anConnection = nats.connectAs(anId);
    await connected(anConnection);
    const { messageId } = await an.composer.compose(request('Đề nghị xác nhận', 'Xin xác nhận đã đọc.'));
    await an.sender.flush(new Inbox(anConnection));
    const line = () => an.view.sent(undefined).messages.find((message) => message.messageId === messageId);
    assert.deepEqual(line()?.recipients.map((recipient) => [recipient.fingerprint, recipient.state, recipient.readAt]), [[binhFingerprint, 'stored', null]]);
    assert.ok(line()?.sentAt !== null);

    // Bình opens it and answers with a signed receipt, queued in Bình's own sealed outbox and sent by the same sender.
    const binh = await senderSide({ teardown, name: 'binh', key: token.ec, chain: [token.intermediate], trust: token.trust });
    const binhConnection = nats.connectAs(binhId);
    await connected(binhConnection);
    const [opened] = await binhReceives(binhConnection);
    assert.ok(opened !== undefined);
    const receipt = await makeReceipt({ original: opened.message.signed, signer: token.ec.signer, chain: [token.intermediate], now: new Date() });
    binh.outbox.enqueue({ messageId: `${randomUUID()}@airlock.invalid`, message: receipt, recipients: [anId], precedence: 'thuongKhan', queuedAt: new Date().toISOString() });
    assert.equal((await binh.sender.flush(new Inbox(binhConnection))).sent, 1);

    // An's receiving side (the recv engineer's) verifies it against the kept copy and keeps it.
    const [arrived] = await new Inbox(anConnection).fetch(5);
    assert.ok(arrived !== undefined);
    await arrived.ack();
    const original = await an.view.sentOriginal(messageId);
    assert.ok(original !== undefined);
    const verified = await verifyReceipt(arrived.data, original, token.trust);
    const readAt = (verified.signingTime ?? new Date()).toISOString();
    an.tracking.addReceipt({ messageId, reader: 'Trần Thị Bình', readerFingerprint: verified.signer.fingerprint, readAt, receipt: arrived.data });

    assert.deepEqual(line()?.recipients.map((recipient) => [recipient.state, recipient.readAt]), [['read', readAt]]);
    assert.deepEqual(await an.view.verifyReceipt(messageId, binhFingerprint), { valid: true, reader: 'Trần Thị Bình', readAt });
    // A receipt kept for another message does not verify for this one.
    const other = await an.composer.compose(request('Tin khác', 'Khác.'));
    an.tracking.addReceipt({ messageId: other.messageId, reader: 'Trần Thị Bình', readerFingerprint: binhFingerprint, readAt, receipt: arrived.data });
    assert.equal((await an.view.verifyReceipt(other.messageId, binhFingerprint)).valid, false);
  });
  it('a copy the server refuses (its configuration denies An Bình\'s inbox) is failed with the reason, not retried', async () => {
    const [server] = nats.servers;
    assert.ok(server !== undefined);
    const original = await readFile(server.configFile, 'utf8');
    const config = JSON.parse(original) as { accounts: Record<string, { users: { nkey: string; permissions: { publish: { deny?: string[] } } }[] }> };
    const anUser = Object.values(config.accounts).flatMap((account) => account.users).find((user) => user.nkey === nats.users.get(anId)?.nkey);
    assert.ok(anUser !== undefined);
    anUser.permissions.publish.deny = [`airlock.inbox.${binhId}.*`];
    await server.stop();
    await writeFile(server.configFile, JSON.stringify(config));
    await server.start();
    try {
      const anConnection = nats.connectAs(anId);
      await connected(anConnection);
      const { messageId } = await an.composer.compose(request('Bị máy chủ từ chối', 'Không được phép.'));
      const flushed = await an.sender.flush(new Inbox(anConnection));
      assert.deepEqual([flushed.left, flushed.stopped], [0, undefined]);
      assert.deepEqual(an.outbox.pending(), [], 'a refusal for good is not retried');
      const line = an.view.sent(undefined).messages.find((message) => message.messageId === messageId);
      assert.deepEqual(line?.recipients.map((recipient) => [recipient.state, recipient.reason]), [['failed', 'messaging.permissionDenied']]);
      assert.ok(an.audit.some((entry) => entry.kind === 'message.sent' && entry.result === 'failed' && entry.details['code'] === 'messaging.permissionDenied'));
    } finally {
      await server.stop();
      await writeFile(server.configFile, original);
      await server.start();
    }
  });
});
