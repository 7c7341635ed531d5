// Interop is the test: messages and receipts made by Airlock on a real SoftHSM token are read by
// Debian's `openssl cms` (3.0), and those `openssl cms` makes are read by Airlock.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Core } from '../../../electron/core/core.js';
import { DomainError } from '../../../electron/core/domain-error.js';
import { readMessage, readSignedMessage } from '../../../electron/core/messaging/cms-message-reader.js';
import { writeMessage, type MessageDraft } from '../../../electron/core/messaging/cms-message-writer.js';
import { verifySignedData, type SignerTrust } from '../../../electron/core/messaging/cms-signed-data-verifier.js';
import { readForwarded } from '../../../electron/core/messaging/forwarded-message.js';
import { MessageError } from '../../../electron/core/messaging/message-error.js';
import { readSignedEntity, readTextMessage } from '../../../electron/core/messaging/mime-entity.js';
import { makeReceipt, verifyReceipt } from '../../../electron/core/messaging/signed-receipt.js';
import type { TokenKeyHolder } from '../../../electron/core/token/token-key-holders.js';
import type { TokenSigner } from '../../../electron/core/signing/token-signer.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { MessagingTokenLab } from '../../support/messaging-token.js';
import type { SoftHsmToken } from '../../support/softhsm-token.js';
import { softwareRecipient } from '../../support/software-recipient.js';
import { until } from '../../support/token-core.js';

const HOUR = 3_600_000;
const draft = (overrides: Partial<MessageDraft> = {}): MessageDraft => ({
  subject: 'Công văn số 15/CV-VP về việc triển khai nhắn tin mật',
  body: 'Kính gửi các đồng chí,\r\nĐề nghị triển khai trước ngày 10/12.\r\n',
  classification: 'toiMat',
  precedence: 'thuongKhan',
  expiresAt: new Date(Date.now() + 24 * HOUR),
  requestReceipt: true,
  ...overrides,
});
const problemOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof MessageError ? error.problem : `other: ${String(error)}`),
  );

describe('CMS messages: signed and encrypted on the SoftHSM token, read by openssl cms and back', () => {
  let token: SoftHsmToken;
  let core: Core | undefined;
  let dir: string;
  let rsa: TokenKeyHolder;
  let ec: TokenKeyHolder;
  let trust: SignerTrust;
  let intermediate: Uint8Array;
  const file = (name: string): string => path.join(dir, name);
  const engine = (keyUri: string): string[] => ['-engine', 'pkcs11', '-keyform', 'engine', '-inkey', keyUri, '-passin', `pass:${token.userPin}`];

  const lab = new MessagingTokenLab();
  after(async () => {
    await Promise.all([lab.stop(), dir === undefined ? undefined : rm(dir, { recursive: true, force: true })]);
  });
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'airlock-cms-'));
    ({ token, core, rsa, ec, trust, intermediate } = await lab.start());
    await writeFile(file('root.pem'), token.pki.rootPem);
  });

  const write = (signer: TokenSigner, recipients: Uint8Array[], overrides: Partial<MessageDraft> = {}) =>
    writeMessage({ draft: draft(overrides), signer, chain: [intermediate], recipients, senderCertificates: [signer.certificateDer], now: new Date() });

  it('openssl decrypts on the token (RSA-OAEP and ECDH through the pkcs11 engine) and verifies what Airlock signed with ECDSA and RSA-PSS', async () => {
    for (const [name, signer, recipient] of [['ecdsa', ec.signer, rsa], ['pss', rsa.signer, ec]] as const) {
      const written = await write(signer, [recipient.certificateDer]);
      await writeFile(file(`${name}.der`), written.message);
      for (const [key, pem, uri] of [['rsa', token.pki.paths.rsaLeafCert, token.keys.rsa.uri], ['ec', token.pki.paths.ecLeafCert, token.keys.ec.uri]] as const) {
        const out = file(`${name}-${key}.smime`);
        await token.openssl(['cms', '-decrypt', '-inform', 'DER', '-in', file(`${name}.der`), '-recip', pem, ...engine(uri), '-out', out]);
        await token.openssl(['cms', '-verify', '-in', out, '-CAfile', file('root.pem'), '-out', file(`${name}-${key}.txt`)]);
        const text = readTextMessage(await readFile(file(`${name}-${key}.txt`)));
        assert.equal(text.subject, draft().subject);
        assert.equal(text.body, draft().body);
        assert.equal(text.messageId, written.messageId);
      }
      const printed = (await token.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file(`${name}.der`)])).stdout;
      assert.match(printed, /id-smime-ct-authEnvelopedData/);
      assert.match(printed, /aes-256-gcm/);
      assert.match(printed, name === 'ecdsa' ? /rsaesOaep/ : /dhSinglePass-stdDH-sha256kdf-scheme/);
    }
  });

  it('openssl decrypts on the token and verifies a message with attachments and a forward; the forwarded original verifies in openssl on its own, and Airlock reads both', async () => {
    const forwardedOriginal = await write(rsa.signer, [ec.certificateDer], { subject: 'Bản gốc' });
    const attachments = [{ fileName: 'Tờ trình số 7.docx.alc', size: 20 * 1024 * 1024, sha256: 'a'.repeat(64), bucket: 'ATT_0123456789abcdef0123456789abcdef', object: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }];
    const written = await write(ec.signer, [rsa.certificateDer], { attachments, forwarded: [forwardedOriginal.signed.signedData] });
    await writeFile(file('forward.der'), written.message);
    await token.openssl(['cms', '-decrypt', '-inform', 'DER', '-in', file('forward.der'), '-recip', token.pki.paths.rsaLeafCert, ...engine(token.keys.rsa.uri), '-out', file('forward.smime')]);
    await token.openssl(['cms', '-verify', '-in', file('forward.smime'), '-CAfile', file('root.pem'), '-out', file('forward.txt')]);
    const text = readTextMessage(await readFile(file('forward.txt')));
    assert.deepEqual(text.attachments, attachments);
    assert.deepEqual(text.forwarded, [forwardedOriginal.signed.signedData]);
    await writeFile(file('forwarded.der'), text.forwarded?.[0] ?? new Uint8Array());
    await token.openssl(['cms', '-verify', '-inform', 'DER', '-in', file('forwarded.der'), '-CAfile', file('root.pem'), '-out', file('forwarded.txt')]);
    assert.equal(readTextMessage(await readFile(file('forwarded.txt'))).subject, 'Bản gốc');
    const read = await readMessage({ message: written.message, keys: [rsa], trust });
    const inner = await readForwarded(read.text.forwarded?.[0] ?? new Uint8Array(), trust);
    assert.ok(inner.trusted);
    assert.equal(inner.message.signer.subject.commonName, 'Nguyễn Văn An');
  });

  it('Airlock reads its own message on the token with each key, with every attribute', async () => {
    const written = await write(ec.signer, [rsa.certificateDer], { inReplyTo: 'root-1@airlock.invalid', references: ['root-1@airlock.invalid'] });
    for (const key of [rsa, ec]) {
      const read = await readMessage({ message: written.message, keys: [key], trust });
      assert.equal(read.text.subject, draft().subject);
      assert.equal(read.text.inReplyTo, 'root-1@airlock.invalid');
      assert.deepEqual(read.text.references, ['root-1@airlock.invalid']);
      assert.equal(read.classification, 'toiMat');
      assert.equal(read.precedence, 'thuongKhan');
      assert.equal(read.signer.subject.commonName, 'Trần Thị Bình');
      assert.deepEqual(read.receiptRequest?.from, 'all');
      assert.equal(Buffer.from(read.contentIdentifier).toString(), written.messageId);
    }
  });

  it('openssl verifies the signed receipt Airlock made on the token (-verify_receipt), and Airlock verifies it too', async () => {
    const written = await write(ec.signer, [rsa.certificateDer]);
    const read = await readMessage({ message: written.message, keys: [rsa], trust });
    const receipt = await makeReceipt({ original: read.signed, signer: rsa.signer, chain: [intermediate], now: new Date() });
    await writeFile(file('receipt.der'), receipt);
    await writeFile(file('original.der'), written.signed.signedData);
    const verified = await token.openssl(['cms', '-verify_receipt', file('receipt.der'), '-rctform', 'DER', '-in', file('original.der'), '-inform', 'DER', '-CAfile', file('root.pem')]);
    assert.match(verified.stderr, /Verification successful/);
    const mine = await verifyReceipt(receipt, read.signed, trust);
    assert.equal(mine.signer.subject.commonName, 'Nguyễn Văn An');
    // A receipt names one message: against another it is refused.
    const other = await readMessage({ message: (await write(ec.signer, [rsa.certificateDer])).message, keys: [rsa], trust });
    assert.equal(await problemOf(verifyReceipt(receipt, other.signed, trust)), 'receiptMismatch');
  });

  it('Airlock reads what openssl signed with -receipt_request_all and encrypted with AES-256-GCM, answers with a receipt openssl verifies, and verifies the receipt openssl signs', async () => {
    const text = 'MIME-Version: 1.0\r\nMessage-ID: <openssl-1@airlock.invalid>\r\nDate: Fri, 04 Dec 2026 21:00:00 +0000\r\nSubject: Test from openssl\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello from openssl cms.\r\n';
    await writeFile(file('openssl.txt'), text);
    await token.openssl(['cms', '-sign', '-nodetach', '-binary', '-in', file('openssl.txt'), '-signer', token.pki.paths.ecLeafCert, ...engine(token.keys.ec.uri), '-certfile', token.pki.paths.intermediateCert, '-md', 'sha256', '-receipt_request_all', '-receipt_request_to', 'van.an@airlock.invalid', '-out', file('openssl-signed.smime')]);
    await token.openssl(['cms', '-encrypt', '-aes-256-gcm', '-binary', '-in', file('openssl-signed.smime'), '-outform', 'DER', '-out', file('openssl-msg.der'), '-recip', token.pki.paths.rsaLeafCert, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-recip', token.pki.paths.ecLeafCert, '-keyopt', 'ecdh_kdf_md:sha256']);
    const message = new Uint8Array(await readFile(file('openssl-msg.der')));
    // Without an ESS security label it is never shown as an Airlock message (fail closed)…
    assert.equal(await problemOf(readMessage({ message, keys: [rsa], trust })), 'labelMissing');
    // …but it decrypted on the token and its signature and chain verify.
    const { openEnvelope } = await import('../../../electron/core/messaging/cms-envelope.js');
    for (const key of [rsa, ec]) {
      const signed = await verifySignedData(readSignedEntity(await openEnvelope(message, [key])), trust);
      assert.equal(readTextMessage(signed.content).subject, 'Test from openssl');
      assert.equal(signed.signer.subject.commonName, 'Trần Thị Bình');
    }
    const signedData = readSignedEntity(await openEnvelope(message, [rsa]));
    const signed = await verifySignedData(signedData, trust);
    const receipt = await makeReceipt({ original: signed, signer: rsa.signer, chain: [intermediate], now: new Date() });
    await writeFile(file('airlock-receipt.der'), receipt);
    const checked = await token.openssl(['cms', '-verify_receipt', file('airlock-receipt.der'), '-rctform', 'DER', '-in', file('openssl-signed.smime'), '-CAfile', file('root.pem')]);
    assert.match(checked.stderr, /Verification successful/);

    // openssl answers an Airlock message with its own signed receipt (-sign_receipt, key on the token).
    const written = await write(rsa.signer, [ec.certificateDer]);
    await writeFile(file('airlock-signed.der'), written.signed.signedData);
    const original = await readSignedMessage(written.signed.signedData, trust);
    const signReceipt = (pem: string, uri: string, out: string) =>
      token.openssl(['cms', '-sign_receipt', '-in', file('airlock-signed.der'), '-inform', 'DER', '-signer', pem, ...engine(uri), '-certfile', token.pki.paths.intermediateCert, '-CAfile', file('root.pem'), '-outform', 'DER', '-out', file(out)]);
    await signReceipt(token.pki.paths.ecLeafCert, token.keys.ec.uri, 'openssl-receipt.der');
    const verified = await verifyReceipt(new Uint8Array(await readFile(file('openssl-receipt.der'))), original.signed, trust);
    assert.equal(verified.signer.subject.commonName, 'Trần Thị Bình');
    // With the RSA key, -sign_receipt signs PKCS#1 v1.5 whatever -keyopt says: refused (Circular 15/2025: RSA-PSS or ECDSA).
    await signReceipt(token.pki.paths.rsaLeafCert, token.keys.rsa.uri, 'openssl-receipt-v15.der');
    assert.equal(await problemOf(verifyReceipt(new Uint8Array(await readFile(file('openssl-receipt-v15.der'))), original.signed, trust)), 'algorithmUnsupported');
  });

  it('Airlock reads its signed message after openssl enveloped it (AuthEnvelopedData to RSA-OAEP and ECDH recipients)', async () => {
    const written = await write(ec.signer, [rsa.certificateDer]);
    await writeFile(file('airlock-signed.der'), written.signed.signedData);
    await token.openssl(['cms', '-cmsout', '-inform', 'DER', '-in', file('airlock-signed.der'), '-out', file('airlock-signed.smime')]);
    await token.openssl(['cms', '-encrypt', '-aes-256-gcm', '-binary', '-in', file('airlock-signed.smime'), '-outform', 'DER', '-out', file('rewrapped.der'), '-recip', token.pki.paths.rsaLeafCert, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-recip', token.pki.paths.ecLeafCert, '-keyopt', 'ecdh_kdf_md:sha256']);
    const message = new Uint8Array(await readFile(file('rewrapped.der')));
    for (const key of [rsa, ec]) {
      const read = await readMessage({ message, keys: [key], trust });
      assert.equal(read.text.subject, draft().subject);
      assert.equal(read.classification, 'toiMat');
    }
    // Recipients named by subject key identifier (-keyid) rather than issuer and serial.
    await token.openssl(['cms', '-encrypt', '-aes-256-gcm', '-binary', '-keyid', '-in', file('airlock-signed.smime'), '-outform', 'DER', '-out', file('rewrapped-keyid.der'), '-recip', token.pki.paths.rsaLeafCert, '-keyopt', 'rsa_padding_mode:oaep', '-keyopt', 'rsa_oaep_md:sha256', '-recip', token.pki.paths.ecLeafCert, '-keyopt', 'ecdh_kdf_md:sha256']);
    const byKeyId = new Uint8Array(await readFile(file('rewrapped-keyid.der')));
    assert.match((await token.openssl(['cms', '-cmsout', '-print', '-inform', 'DER', '-in', file('rewrapped-keyid.der')])).stdout, /subjectKeyIdentifier/);
    for (const key of [rsa, ec]) assert.equal((await readMessage({ message: byKeyId, keys: [key], trust })).text.subject, draft().subject);
  });

  it('refuses, each with its own code: tampered, not a recipient, unknown, expired and revoked signers, an expired message', async () => {
    const written = await write(ec.signer, [rsa.certificateDer]);
    const flipped = new Uint8Array(written.message);
    const at = flipped.length - 40; // inside the ciphertext
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    assert.equal(await problemOf(readMessage({ message: flipped, keys: [rsa], trust })), 'tampered');
    const stranger = await softwareRecipient('ec', 'Người ngoài');
    assert.equal(await problemOf(readMessage({ message: written.message, keys: [stranger], trust })), 'notRecipient');
    const fileSigner = (key: string, pem: string) => opensslSigner(token.openssl, key, pem);
    const { paths } = token.pki;
    for (const [signer, expected] of [
      [fileSigner(paths.unknownLeafKey, token.pki.unknownLeafPem), 'unknownSigner'],
      [fileSigner(paths.expiredLeafKey, token.pki.expiredLeafPem), 'signerExpired'],
      [fileSigner(paths.revokedLeafKey, token.pki.revokedLeafPem), 'signerRevoked'],
    ] as const) {
      const bad = await write(signer, [rsa.certificateDer]);
      assert.equal(await problemOf(readMessage({ message: bad.message, keys: [rsa], trust })), expected);
    }
    const late = await write(ec.signer, [rsa.certificateDer], { expiresAt: new Date(Date.now() - HOUR) });
    assert.equal(await problemOf(readMessage({ message: late.message, keys: [rsa], trust })), 'expired');
  });

  it('a real token failure stays a token error: with the token process SIGKILLed, unwrapping answers token.*, not damage', async () => {
    const written = await write(ec.signer, [rsa.certificateDer]);
    const pid = core?.services.tokens?.processId;
    assert.ok(pid !== undefined);
    process.kill(pid, 'SIGKILL');
    await until(() => core?.services.tokens?.processId !== pid, 'the token process to be seen dead');
    for (const key of [rsa, ec]) {
      const answer = await readMessage({ message: written.message, keys: [key], trust }).then(
        () => 'accepted',
        (error: unknown) => (error instanceof DomainError ? error.code : error instanceof MessageError ? `message.${error.problem}` : String(error)),
      );
      assert.match(answer, /^token\./);
    }
  });
});
