// Compose on a real SoftHSM token into a real sealed SQLite store: what is refused before anything is
// queued (write down, a recipient unknown or revoked, an original that is not there), and what a
// reply carries. The message is read back from the outbox with the recipient's key, as they would.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ComposeRequest } from '../../../shared/domain/message.js';
import { certificateInfo } from '../../../electron/core/certificates/certificate-info.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { readMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { inboxMessageOf } from '../../../electron/core/messaging/sealed-message-store.js';
import { MessagingTokenLab, type MessagingToken } from '../../support/messaging-token.js';
import { senderSide, type SenderSide } from '../../support/messaging-sender.js';
import { teardownAfterSuite } from '../../support/teardown.js';

const request = (recipients: string[], extra: Partial<ComposeRequest> = {}): ComposeRequest => ({
  recipients,
  subject: 'Kế hoạch diễn tập',
  body: 'Nội dung kế hoạch.\r\n',
  classification: 'mat',
  precedence: 'khan',
  expiresInDays: 7,
  requestReceipt: true,
  attachments: [],
  ...extra,
});

const refusedWith = (code: string) => (error: unknown) => error instanceof DomainError && error.code === code;

describe('compose on a real token: refusals queue nothing, replies thread', () => {
  const teardown = teardownAfterSuite();
  const lab = new MessagingTokenLab();
  let token: MessagingToken;
  let an: SenderSide;
  let binh: string;

  after(() => lab.stop());
  before(async () => {
    token = await lab.start();
    an = await senderSide({ teardown, name: 'an', key: token.rsa, chain: [token.intermediate], trust: token.trust, zone: 'mat' });
    const imported = await an.directory.import(token.ec.certificateDer, [token.intermediate]);
    assert.equal(imported.status, 'imported');
    binh = imported.status === 'imported' ? imported.entry.fingerprint : '';
  });

  it('refuses a message above the live zone\'s ceiling, naming the zones that allow it and messaging, and any message from a zone without messaging; nothing queued', async () => {
    an.switchTo('mat');
    await assert.rejects(an.composer.compose(request([binh], { classification: 'toiMat' })), (error: unknown) => {
      assert.ok(error instanceof DomainError && error.code === 'messaging.writeDown');
      assert.deepEqual(error.details?.zones, [{ vi: 'Mạng cơ yếu Tối mật', en: 'Top secret cipher network' }]);
      return true;
    });
    await assert.rejects(an.composer.compose(request([binh], { classification: 'tuyetMat' })), refusedWith('messaging.noZoneForLevel'));
    // The office zone has no messaging: nothing is sent from it, even unclassified; the zones with messaging are named.
    an.switchTo('office');
    await assert.rejects(an.composer.compose(request([binh], { classification: 'unclassified' })), (error: unknown) => {
      assert.ok(error instanceof DomainError && error.code === 'messaging.zoneWithoutMessaging');
      assert.deepEqual(error.details?.zones?.map((zone) => zone.en), ['Confidential network', 'Top secret cipher network']);
      return true;
    });
    assert.deepEqual(an.outbox.pending(), []);
    assert.ok(an.audit.some((line) => line.kind === 'zone.contentRefused' && line.details['action'] === 'send' && line.details['level'] === 'toiMat'));
    an.switchTo('mat');
  });

  it('refuses a recipient not in the directory, and one whose certificate has expired since it was imported; nothing queued', async () => {
    await assert.rejects(an.composer.compose(request([binh, 'ab'.repeat(32)])), (error: unknown) => {
      assert.ok(error instanceof DomainError && error.code === 'messaging.recipientUnknown');
      assert.deepEqual(error.details?.fields, ['recipients.1'], 'the form can mark which recipient');
      return true;
    });
    // The directory's clock moves past Bình's certificate's end: compose checks it again, now.
    const notAfter = certificateInfo(token.ec.certificateDer).notAfter;
    an.setDirectoryNow(new Date(Date.parse(notAfter) + 86_400_000));
    try {
      await assert.rejects(an.composer.compose(request([binh])), (error: unknown) => {
        assert.ok(error instanceof DomainError && error.code === 'messaging.recipientUntrusted');
        assert.equal(error.details?.certificateReason, 'expired');
        return true;
      });
    } finally {
      an.setDirectoryNow(undefined);
    }
    assert.deepEqual(an.outbox.pending(), []);
    assert.deepEqual(an.view.sent(undefined).messages, []);
    assert.deepEqual(
      an.audit.filter((line) => line.kind === 'message.composed').map((line) => [line.result, line.details['code'], line.details['reason']]),
      [['refused', 'messaging.recipientUnknown', undefined], ['refused', 'messaging.recipientUntrusted', 'expired']],
    );
  });

  it('queues a signed, encrypted message the recipient reads; a reply carries In-Reply-To, References and one "Re: "', async () => {
    const first = await an.composer.compose(request([binh]));
    const [queued] = an.outbox.pending();
    assert.equal(queued?.messageId, first.messageId);
    const received = await readMessage({ message: queued?.message ?? new Uint8Array(), keys: [token.ec], trust: token.trust });
    assert.equal(received.text.subject, 'Kế hoạch diễn tập');
    assert.equal(received.classification, 'mat');
    assert.ok(received.receiptRequest !== undefined);
    assert.ok(Math.abs(received.expiresAt.getTime() - (Date.now() + 7 * 86_400_000)) < 60_000);
    // The sender reads its own copy too (encrypted to its certificate as well).
    assert.equal((await readMessage({ message: queued?.message ?? new Uint8Array(), keys: [token.rsa], trust: token.trust })).text.messageId, first.messageId);

    // The recipient's answer came back and is in this zone's inbox; An answers it again.
    const inboxId = an.messages.add({ ...inboxMessageOf(received, new Date()), messageId: 'answer-1@airlock.invalid', subject: 'Re: Kế hoạch diễn tập', inReplyTo: first.messageId, references: [first.messageId] });
    const reply = await an.composer.compose(request([binh], { subject: 'Re: Re: Kế hoạch diễn tập', replyTo: inboxId }));
    const replyEntry = an.outbox.get(reply.messageId);
    const replied = await readMessage({ message: replyEntry?.message ?? new Uint8Array(), keys: [token.ec], trust: token.trust });
    assert.equal(replied.text.subject, 'Re: Kế hoạch diễn tập');
    assert.equal(replied.text.inReplyTo, 'answer-1@airlock.invalid');
    assert.deepEqual(replied.text.references, [first.messageId, 'answer-1@airlock.invalid']);

    await assert.rejects(an.composer.compose(request([binh], { replyTo: 9999 })), refusedWith('messaging.originalNotFound'));
    assert.deepEqual(an.view.sent(undefined).messages.map((message) => [message.subject, message.recipients.map((recipient) => recipient.state)]), [
      ['Re: Kế hoạch diễn tập', ['queued']],
      ['Kế hoạch diễn tập', ['queued']],
    ]);
    // The reply names the message it answers (the training tour's answerMessage step reads it); a new message names none.
    const composed = an.audit.filter((line) => line.kind === 'message.composed' && line.result === 'ok');
    assert.deepEqual(composed.find((line) => line.details['messageId'] === reply.messageId)?.details['inReplyTo'], 'answer-1@airlock.invalid');
    assert.equal(composed.find((line) => line.details['messageId'] === first.messageId)?.details['inReplyTo'], undefined);
  });
});
