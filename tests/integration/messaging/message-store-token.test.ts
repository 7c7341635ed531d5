// The store's end of the reading path: a message signed and encrypted on a real SoftHSM token, read
// and verified, kept in a sealed store whose key the same token unwraps, then verified again from
// what the store kept — the proof survives storage.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readMessage, readSignedMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { writeMessage } from '../../../electron/core/messaging/cms-message-writer.js';
import type { SignerTrust } from '../../../electron/core/messaging/cms-signed-data-verifier.js';
import { MessageError } from '../../../electron/core/messaging/message-error.js';
import { inboxMessageOf, SealedMessageStore } from '../../../electron/core/messaging/sealed-message-store.js';
import { SealedStore } from '../../../electron/core/store/sealed-store.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import { MessagingTokenLab } from '../../support/messaging-token.js';

describe('message store with a real token: stored sealed, searched, verified again from the store', () => {
  let dir: string;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;
  let trust: SignerTrust;
  let intermediate: Uint8Array;
  const stores: SealedStore[] = [];

  const lab = new MessagingTokenLab();
  after(async () => {
    for (const store of stores) if (store.database.open) store.close();
    await Promise.all([lab.stop(), dir === undefined ? undefined : rm(dir, { recursive: true, force: true })]);
  });
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-msgstore-token-'));
    ({ rsa, ec, trust, intermediate } = await lab.start());
  });

  it('keeps the SignedData so the signature verifies again after a reopen; a changed byte of it does not', async () => {
    const written = await writeMessage({
      draft: { subject: 'HỎA TỐC: Triển khai phương án phòng cháy', body: 'Đề nghị các đơn vị báo cáo trước 17 giờ.\r\n', classification: 'mat', precedence: 'hoaToc', expiresAt: new Date(Date.now() + 86_400_000), requestReceipt: true },
      signer: ec.signer,
      chain: [intermediate],
      recipients: [rsa.certificateDer],
      senderCertificates: [ec.signer.certificateDer],
      now: new Date(),
    });
    const received = await readMessage({ message: written.message, keys: [rsa], trust });
    const file = path.join(dir, 'zone-lab.db');
    const store = SealedStore.create(file, [{ certificateDer: rsa.certificateDer, role: 'user' }]);
    stores.push(store);
    const audit = { record: () => undefined };
    new SealedMessageStore(store, audit).add(inboxMessageOf(received, new Date()));
    store.close();

    const reopened = SealedStore.open(file);
    stores.push(reopened);
    await reopened.unlock(rsa.certificateDer, rsa.operations);
    const [kept] = new SealedMessageStore(reopened, audit).search('hoa toc trien khai', { limit: 5 }).messages;
    assert.ok(kept !== undefined);
    assert.equal(kept.precedence, 'hoaToc');
    assert.equal(kept.senderFingerprint, received.signer.fingerprint);
    assert.equal(kept.receiptRequested, true);
    const again = await readSignedMessage(kept.signedData, trust);
    assert.equal(again.text.subject, 'HỎA TỐC: Triển khai phương án phòng cháy');
    assert.equal(again.signer.fingerprint, kept.senderFingerprint);

    // The subject line travels inside the signed content: change one byte of it.
    const changed = Buffer.from(kept.signedData);
    const at = changed.indexOf(Buffer.from('Subject:'));
    assert.ok(at > 0, 'the signed content holds the subject line');
    const index = at + 'Subject:'.length + 2;
    changed[index] = (changed[index] ?? 0) ^ 0x01;
    await assert.rejects(readSignedMessage(changed, trust), (error: unknown) => error instanceof MessageError && error.problem === 'tampered');
  });
});
