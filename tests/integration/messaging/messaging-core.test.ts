// Messaging end to end through two real cores and their IPC dispatchers (#15): An and Bình, two
// officials (the EC and the RSA key of one SoftHSM token, each with its own certificate and so its
// own messaging account), each core in the cipher network with its own sealed zone store, a real
// nats-server on loopback. An composes (a job), Bình's receive loop fetches it ('messages.arrived'),
// the inbox lists it, opening it sends a signed receipt, An's Sent view shows Bình `read` and the
// receipt verifies. Every part is the one the core assembles (messaging/capability.ts).
//
// STAND-IN: the zone helper. Two workstations in one test process cannot each own the network
// namespace the real helper guards; the zone lab test (messaging-zones.test.ts) proves the network
// side. Here the helper's steps succeed without touching a link, so the zone switch (signed policy,
// token, PIN, the zone's own sealed store) is the real one and the server stays on loopback.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Objm } from '@nats-io/obj';
import { before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { VERSION_LINE } from '../../../electron/core/documents/container-format.js';
import { provisionAttachmentBucket } from '../../../electron/core/messaging/attachment-bucket.js';
import { messagingIdOf } from '../../../electron/core/messaging/messaging-address.js';
import { attachmentBucket } from '../../../electron/core/messaging/subjects.js';
import { SealedCredentialsStore } from '../../../electron/core/messaging/sealed-credentials-store.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import type { EventName } from '../../../shared/ipc/contract.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import { zonePolicy } from '../../../tools/training-kit/zones/zone-policy.js';
import { coreApi } from '../../support/core.js';
import { createMessagingLab, type MessagingLab } from '../../support/nats/messaging-lab.js';
import { importTestCrls } from '../../support/softhsm/test-pki.js';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm-token.js';
import { STAND_IN_ZONES, standInHelper } from '../../support/stand-in-zone-helper.js';
import { teardownAfterSuite } from '../../support/teardown.js';
import { realTokenLauncher, tokenCore, tokenKeyPair } from '../../support/token-core.js';
import { writeSignedPolicy } from '../../support/zone-policy.js';

const ZONES = STAND_IN_ZONES;

interface Workstation {
  readonly core: Core;
  readonly api: AirlockApi;
  readonly events: { readonly name: EventName; readonly payload: unknown }[];
}

const fingerprintOf = (der: Uint8Array): string => createHash('sha256').update(der).digest('hex');

describe('messaging through the core: compose, receive, open, receipt (two cores, real token, store and nats-server)', () => {
  const teardown = teardownAfterSuite();
  let token: SoftHsmToken;
  let nats: MessagingLab;
  let an: Workstation;
  let binh: Workstation;
  let anKey: TokenKeyHolder;
  let binhKey: TokenKeyHolder;
  let messageId: string;
  let policyDir: string;

  const ref = () => ({ serial: token.serial, label: token.label });
  const unlock = async (who: Workstation) => assert.ok((await who.api.session.unlock({ token: ref(), pin: token.userPin })).ok);
  const until = async <T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const workstation = async (name: string, dir: string, policyPath: string): Promise<Workstation> => {
    const { core } = tokenCore(realTokenLauncher(token.env), [token.modulePath], {
      dataDir: path.join(dir, name),
      anchors: [token.pki.rootPem],
      intermediates: [token.pki.intermediatePem],
      zones: { policyPath, helper: standInHelper() },
      messaging: { retryMs: 250 },
      documentFolders: { inbox: path.join(dir, name, 'Inbox'), exports: path.join(dir, name, 'Out') },
    });
    teardown.defer(() => core.stop());
    const events: Workstation['events'] = [];
    core.services.events.subscribe((event, payload) => void events.push({ name: event, payload }));
    await importTestCrls(core.services.crls, token.pki);
    await core.start();
    return { core, api: coreApi(core), events };
  };

  /** Into the cipher network, the official's account sealed in that zone's store (as the hand-over import leaves it), connected. */
  const joinCipherNetwork = async (who: Workstation, key: TokenKeyHolder) => {
    await unlock(who);
    const switched = await who.api.zones.switch({ zone: 'co-yeu', reason: 'Trao đổi công văn mật', token: ref(), pin: token.userPin });
    assert.ok(switched.ok, JSON.stringify(switched));
    await unlock(who);
    const user = nats.users.get(messagingIdOf(key.certificateDer));
    assert.ok(user !== undefined);
    const credentials = new SealedCredentialsStore(() => who.core.services.zones.activeStore(), () => Promise.resolve([user.id]));
    await credentials.save({ user: user.id, device: 'pc1', nkey: user.nkey, seed: new Uint8Array(user.seed), servers: nats.urls, rootsPem: nats.pki.rootPem }, new Date());
    // Looked for before the credentials were there: a lock and an unlock look again.
    assert.ok((await who.api.session.lock({})).ok);
    await unlock(who);
    await until(async () => {
      const status = await who.api.messages.status({});
      return status.ok && status.value.connection.kind === 'connected' ? true : undefined;
    }, 'connected');
  };

  before(async () => {
    const dir = await teardown.tempDir('airlock-msg-core-');
    policyDir = dir;
    token = await teardown.fixture(createSoftHsmToken());
    const policyPath = path.join(dir, 'policy', 'zones.policy.json');
    await writeSignedPolicy(token, policyPath, zonePolicy(ZONES));
    an = await workstation('an', dir, policyPath);
    binh = await workstation('binh', dir, policyPath);
    await unlock(an);
    ({ ec: anKey, rsa: binhKey } = await tokenKeyPair(an.core, ref()));
    nats = await createMessagingLab(teardown, { users: [anKey, binhKey].map((key) => ({ id: messagingIdOf(key.certificateDer), devices: ['pc1'] })) });
    await joinCipherNetwork(an, anKey);
    await joinCipherNetwork(binh, binhKey);
    const imported = await an.api.directory.import({ certificate: Buffer.from(binhKey.certificateDer).toString('base64') });
    assert.ok(imported.ok && imported.value.status === 'imported', JSON.stringify(imported));
  });

  it('An composes to Bình (a job): messages.finished says it was sent, not left queued', async () => {
    const started = await an.api.messages.compose({
      recipients: [fingerprintOf(binhKey.certificateDer)],
      subject: 'Công văn số 15/CV: triển khai kế hoạch',
      body: 'Đề nghị các đơn vị báo cáo trước 17 giờ.',
      classification: 'toiMat',
      precedence: 'hoaToc',
      expiresInDays: 7,
      requestReceipt: true,
      attachments: [],
    });
    assert.ok(started.ok, JSON.stringify(started));
    const finished = await until(() => an.events.find((event) => event.name === 'messages.finished' && (event.payload as { job: string }).job === started.value.job)?.payload as { ok: boolean; messageId?: string; queued?: boolean } | undefined, 'messages.finished');
    assert.equal(finished.ok, true, JSON.stringify(finished));
    assert.equal(finished.queued, false, 'sent at once by the flush after compose');
    messageId = finished.messageId ?? assert.fail('no message id');
    const status = await an.api.messages.status({});
    assert.ok(status.ok);
    assert.equal(status.value.outbox, 0);
  });

  it('Bình’s receive loop fetches it: messages.arrived, and the inbox lists it with its badges, trusted and unread', async () => {
    const arrived = await until(() => binh.events.find((event) => event.name === 'messages.arrived')?.payload as { id: number; precedence: string; subject: string } | undefined, 'messages.arrived');
    assert.equal(arrived.precedence, 'hoaToc');
    assert.equal(arrived.subject, 'Công văn số 15/CV: triển khai kế hoạch');
    const inbox = await binh.api.messages.inbox({});
    assert.ok(inbox.ok, JSON.stringify(inbox));
    assert.equal(inbox.value.messages.length, 1);
    const [listed] = inbox.value.messages;
    assert.equal(listed?.id, arrived.id);
    assert.equal(listed?.messageId, messageId);
    assert.equal(listed?.classification, 'toiMat');
    assert.equal(listed?.precedence, 'hoaToc');
    assert.deepEqual(listed?.verdict, { trusted: true });
    assert.equal(listed?.read, false);
    assert.equal(listed?.senderFingerprint, fingerprintOf(anKey.certificateDer), 'signed with An’s key, the one her credentials are for');
    // Nothing for An: her own inbox is another account.
    const anInbox = await an.api.messages.inbox({});
    assert.ok(anInbox.ok);
    assert.equal(anInbox.value.messages.length, 0);
  });

  it('Bình opens it: the body, a receipt queued; An’s Sent view then shows Bình read, and the kept receipt verifies', async () => {
    const inbox = await binh.api.messages.inbox({});
    assert.ok(inbox.ok);
    const id = inbox.value.messages[0]?.id ?? assert.fail('no message');
    const opened = await binh.api.messages.open({ id });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.equal(opened.value.body, 'Đề nghị các đơn vị báo cáo trước 17 giờ.');
    assert.equal(opened.value.receiptSent, true);
    const reader = fingerprintOf(binhKey.certificateDer);
    const read = await until(async () => {
      const sent = await an.api.messages.sent({});
      assert.ok(sent.ok, JSON.stringify(sent));
      const recipient = sent.value.messages.find((message) => message.messageId === messageId)?.recipients.find((item) => item.fingerprint === reader);
      return recipient?.state === 'read' ? recipient : undefined;
    }, 'Bình read, in An’s Sent view');
    assert.ok(read.readAt !== null);
    const verified = await an.api.messages.verifyReceipt({ messageId, reader });
    assert.ok(verified.ok, JSON.stringify(verified));
    assert.equal(verified.value.valid, true);
    const status = await binh.api.messages.status({});
    assert.ok(status.ok);
    assert.equal(status.value.outbox, 0, 'the receipt left Bình’s outbox');
  });

  it('Bình forwards it to An: the job ends ok and An’s receive loop stores the forward, trusted', async () => {
    const imported = await binh.api.directory.import({ certificate: Buffer.from(anKey.certificateDer).toString('base64') });
    assert.ok(imported.ok && imported.value.status === 'imported', JSON.stringify(imported));
    const inbox = await binh.api.messages.inbox({});
    assert.ok(inbox.ok);
    const original = inbox.value.messages[0]?.id ?? assert.fail('no message');
    const started = await binh.api.messages.compose({ recipients: [fingerprintOf(anKey.certificateDer)], subject: 'Fwd: Công văn số 15/CV', body: 'Chuyển tiếp để biết.', classification: 'toiMat', precedence: 'khan', expiresInDays: 7, requestReceipt: false, forward: original, attachments: [] });
    assert.ok(started.ok, JSON.stringify(started));
    const finished = await until(() => binh.events.find((event) => event.name === 'messages.finished' && (event.payload as { job: string }).job === started.value.job)?.payload as { ok: boolean; queued?: boolean } | undefined, 'the forward’s messages.finished');
    assert.deepEqual({ ok: finished.ok, queued: finished.queued }, { ok: true, queued: false }, JSON.stringify(finished));
    const arrived = await until(() => an.events.find((event) => event.name === 'messages.arrived')?.payload as { id: number; subject: string } | undefined, 'the forward at An');
    assert.equal(arrived.subject, 'Fwd: Công văn số 15/CV');
    const anInbox = await an.api.messages.inbox({});
    assert.ok(anInbox.ok);
    assert.deepEqual(anInbox.value.messages.map((message) => [message.subject, message.verdict.trusted, message.senderFingerprint]), [['Fwd: Công văn số 15/CV', true, fingerprintOf(binhKey.certificateDer)]]);
  });

  it('An opens the forward: the original inside, verified on its own (An’s signature, trusted), with its text and level', async () => {
    const anInbox = await an.api.messages.inbox({});
    assert.ok(anInbox.ok);
    const opened = await an.api.messages.open({ id: anInbox.value.messages[0]?.id ?? assert.fail('no forward') });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.equal(opened.value.body, 'Chuyển tiếp để biết.');
    assert.equal(opened.value.forwarded.length, 1);
    const [original] = opened.value.forwarded;
    assert.deepEqual({ subject: original?.subject, body: original?.body, classification: original?.classification, verdict: original?.verdict }, { subject: 'Công văn số 15/CV: triển khai kế hoạch', body: 'Đề nghị các đơn vị báo cáo trước 17 giờ.', classification: 'toiMat', verdict: { trusted: true } });
    assert.ok(original?.sentAt !== null);
  });

  it('An attaches a small file: encrypted as an Airlock container to Bình and herself, uploaded to her bucket, the message reaches Bình', async () => {
    const admin = await nats.admin();
    const anId = messagingIdOf(anKey.certificateDer);
    await provisionAttachmentBucket(admin, anId, { replicas: 1 });
    const dir = await teardown.tempDir('airlock-msg-core-attach-');
    const file = path.join(dir, 'bao-cao.txt');
    const plaintext = 'Báo cáo tình hình tháng 12: nội dung mật.';
    await writeFile(file, plaintext);
    const started = await an.api.messages.compose({ recipients: [fingerprintOf(binhKey.certificateDer)], subject: 'Báo cáo kèm tệp', body: 'Xem tệp đính kèm.', classification: 'mat', precedence: 'thuong', expiresInDays: 7, requestReceipt: false, attachments: [file] });
    assert.ok(started.ok, JSON.stringify(started));
    const finished = await until(() => an.events.find((event) => event.name === 'messages.finished' && (event.payload as { job: string }).job === started.value.job)?.payload as { ok: boolean; queued?: boolean } | undefined, 'the attachment message’s messages.finished');
    assert.deepEqual({ ok: finished.ok, queued: finished.queued }, { ok: true, queued: false }, JSON.stringify(finished));
    // What the server holds in An's bucket: one object, a container (its version line), the plaintext nowhere in it.
    const bucket = await new Objm(jetstream(admin, { checkAPI: false })).open(attachmentBucket(anId), false);
    const objects = (await bucket.list()).filter((info) => !info.deleted);
    assert.equal(objects.length, 1);
    const stored = Buffer.from((await bucket.getBlob(objects[0]?.name ?? '')) ?? new Uint8Array());
    assert.ok(stored.subarray(0, VERSION_LINE.length).equals(Buffer.from(VERSION_LINE)), 'an Airlock container');
    assert.equal(stored.includes(Buffer.from('tình hình tháng 12')), false, 'no plaintext on the server');
    const arrived = await until(() => binh.events.find((event) => event.name === 'messages.arrived' && (event.payload as { subject: string }).subject === 'Báo cáo kèm tệp')?.payload as { id: number } | undefined, 'the attachment message at Bình');
    const inbox = await binh.api.messages.inbox({});
    assert.ok(inbox.ok);
    assert.deepEqual(inbox.value.messages.find((message) => message.id === arrived.id)?.verdict, { trusted: true });
  });

  const inboxFolder = () => path.join(policyDir, 'binh', 'Inbox');
  const attachmentMessage = async (): Promise<number> => {
    const inbox = await binh.api.messages.inbox({});
    assert.ok(inbox.ok);
    const listed = inbox.value.messages.find((message) => message.subject === 'Báo cáo kèm tệp') ?? assert.fail('the attachment message is not listed');
    assert.equal(listed.attachments, 1, 'the summary counts the attachment');
    return listed.id;
  };

  it('Bình opens it: the attachment listed; fetched into his inbox folder (a second fetch takes a free name); documents.open on his core gives back the plaintext', async () => {
    const id = await attachmentMessage();
    const opened = await binh.api.messages.open({ id });
    assert.ok(opened.ok, JSON.stringify(opened));
    assert.deepEqual(opened.value.attachmentList.map(({ index, fileName }) => ({ index, fileName })), [{ index: 0, fileName: 'bao-cao.txt' }]);
    const size = opened.value.attachmentList[0]?.size ?? 0;
    assert.ok(size > 0);
    const fetched = await binh.api.messages.fetchAttachment({ id, index: 0 });
    assert.ok(fetched.ok, JSON.stringify(fetched));
    assert.equal(fetched.value.path, path.join(inboxFolder(), 'bao-cao.txt.alc'), 'named as the container it is');
    assert.equal((await stat(fetched.value.path)).size, size);
    assert.ok(binh.events.some((event) => event.name === 'messages.progress' && (event.payload as { done: number; total: number }).done === size), 'the download’s progress');
    const again = await binh.api.messages.fetchAttachment({ id, index: 0 });
    assert.deepEqual(again, { ok: true, value: { path: path.join(inboxFolder(), 'bao-cao.txt (2).alc') } }, 'never over the first');
    const listing = await binh.api.documents.inbox({});
    assert.ok(listing.ok);
    assert.deepEqual(listing.value.files.map((file) => file.name).sort(), ['bao-cao.txt (2).alc', 'bao-cao.txt.alc'], 'the inbox folder lists both');
    const document = await binh.api.documents.open({ path: fetched.value.path });
    assert.ok(document.ok, JSON.stringify(document));
    assert.equal(document.value.label.level, 'mat');
    const view = await binh.api.documents.view({ viewId: document.value.viewId });
    assert.ok(view.ok);
    assert.equal(Buffer.from(view.value.data, 'base64').toString('utf8'), 'Báo cáo tình hình tháng 12: nội dung mật.');
    const audit = await binh.api.audit.query({ kind: 'message.attachmentFetched' });
    assert.ok(audit.ok);
    assert.equal(audit.value.length, 2);
    const missing = await binh.api.messages.fetchAttachment({ id, index: 1 });
    assert.deepEqual(missing.ok ? undefined : missing.error.code, 'messaging.attachmentNotFound');
    // Cancelled under the renderer's job id (the compose jobs' cancel): the job's error, no file added.
    const before = (await readdir(inboxFolder())).sort();
    const job = randomBytes(16).toString('hex');
    const cancelled = binh.api.messages.fetchAttachment({ id, index: 0, job });
    assert.deepEqual(await binh.api.messages.cancelCompose({ job }), { ok: true, value: { cancelled: true } });
    const ended = await cancelled;
    // The download's own code (stopped mid-way, or before its first byte); the job's if stopped before it began.
    assert.ok(!ended.ok && ['messaging.transferCancelled', 'messaging.cancelled'].includes(ended.error.code), JSON.stringify(ended));
    assert.deepEqual((await readdir(inboxFolder())).sort(), before);
  });

  it('the object replaced in An’s bucket: the fetch answers messaging.attachmentDamaged, nothing is left in the inbox folder, the damage is audited', async () => {
    const id = await attachmentMessage();
    // The owner (anyone holding An's account) replaces the object: the server lets her write her own bucket.
    const owner = nats.connectAs(messagingIdOf(anKey.certificateDer));
    teardown.defer(() => owner.close());
    await owner.until((state) => state.kind === 'connected');
    const bucketOf = (connection: Parameters<typeof jetstream>[0]) => new Objm(jetstream(connection, { checkAPI: false })).open(attachmentBucket(messagingIdOf(anKey.certificateDer)), false);
    // Listed by the administrator (the owner may write, not list).
    const listing = await bucketOf(await nats.admin());
    const [object] = (await listing.list()).filter((info) => !info.deleted);
    const genuine = Buffer.from((await listing.getBlob(object?.name ?? '')) ?? assert.fail('no object'));
    const bucket = await bucketOf(owner.connection());
    // The same size, one byte changed: only the signed digest tells them apart.
    const forged = Buffer.from(genuine);
    forged[forged.length - 1] = (forged[forged.length - 1] ?? 0) ^ 0x01;
    await bucket.putBlob({ name: object?.name ?? '' }, new Uint8Array(forged));
    const before = (await readdir(inboxFolder())).sort();
    const fetched = await binh.api.messages.fetchAttachment({ id, index: 0 });
    assert.deepEqual(fetched.ok ? undefined : fetched.error.code, 'messaging.attachmentDamaged');
    assert.deepEqual((await readdir(inboxFolder())).sort(), before, 'no file left, hidden or not');
    const audit = await binh.api.audit.query({ kind: 'message.attachmentDamaged' });
    assert.ok(audit.ok);
    assert.equal(audit.value[0]?.result, 'refused');
  });
});
