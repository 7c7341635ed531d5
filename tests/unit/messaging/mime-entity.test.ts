// The MIME text message and the S/MIME entity (docs/message-format.md "The text message"):
// written in one form, read back, and read from the forms other tools write.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../electron/core/domain-error.js';
import { MessageError, toDomainError } from '../../../electron/core/messaging/message-error.js';
import type { AttachmentRef } from '../../../electron/core/messaging/messaging-ports.js';
import { readSignedEntity, readTextMessage, writeSignedEntity, writeTextMessage } from '../../../electron/core/messaging/mime-entity.js';

/** The reader's MessageError problem, or the writer's DomainError code. */
const problemOf = (read: () => unknown): string => {
  try {
    read();
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    return error instanceof MessageError ? error.problem : `other: ${String(error)}`;
  }
};

describe('MIME entities of a message', () => {
  it('a long Vietnamese subject, a thread and a multi-line body come back exactly; every header line stays within 78 characters', () => {
    const subject = 'Về việc tăng cường bảo đảm an toàn thông tin mạng cơ yếu trong dịp Tết Nguyên đán Bính Ngọ 2026 — Hỏa tốc';
    const message = { messageId: 'a1@airlock.invalid', date: new Date('2026-12-04T21:00:00Z'), subject, body: 'Dòng một.\r\nDòng hai: “trích dẫn”.\r\n', inReplyTo: 'p@airlock.invalid', references: ['r@airlock.invalid', 'p@airlock.invalid'] };
    const bytes = writeTextMessage(message);
    const text = Buffer.from(bytes).toString('utf8');
    assert.ok(text.split('\r\n').every((line) => line.length <= 78), text);
    assert.ok([...bytes].every((byte) => byte < 0x80), 'the entity is 7-bit: base64 body, encoded-word subject');
    assert.deepEqual(readTextMessage(bytes), message);
  });

  it('reads what other tools write: LF line ends, an 8bit body, a plain ASCII subject, no thread', () => {
    const read = readTextMessage(Buffer.from('Message-ID: <x@y>\nDate: Fri, 04 Dec 2026 21:00:00 +0000\nSubject: Plain\nContent-Type: text/plain; charset="utf-8"\nContent-Transfer-Encoding: 8bit\n\nXin chào\n', 'utf8'));
    assert.equal(read.subject, 'Plain');
    assert.equal(read.body, 'Xin chào\n');
    assert.deepEqual(read.references, []);
    assert.equal(read.inReplyTo, undefined);
  });

  it('refuses what it cannot show as a text message: HTML, no Message-ID, a body that is not UTF-8, quoted-printable', () => {
    const head = 'Message-ID: <x@y>\r\nDate: Fri, 04 Dec 2026 21:00:00 +0000\r\n';
    assert.equal(problemOf(() => readTextMessage(Buffer.from(`${head}Content-Type: text/html; charset=UTF-8\r\n\r\n<b>x</b>`))), 'malformed');
    assert.equal(problemOf(() => readTextMessage(Buffer.from('Date: Fri, 04 Dec 2026 21:00:00 +0000\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nx'))), 'malformed');
    assert.equal(problemOf(() => readTextMessage(Buffer.concat([Buffer.from(`${head}Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), Buffer.from([0xff, 0xfe])]))), 'malformed');
    assert.equal(problemOf(() => readTextMessage(Buffer.from(`${head}Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nx=3D`))), 'malformed');
  });

  it('the S/MIME signed-data entity round-trips its DER and refuses another media type', () => {
    const der = new Uint8Array(Array.from({ length: 300 }, (_, index) => index % 256));
    assert.deepEqual(readSignedEntity(writeSignedEntity(der)), der);
    assert.equal(problemOf(() => readSignedEntity(Buffer.from('Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA'))), 'malformed');
  });

  it('a refusal reaches the user as message.<problem>, with the certificate reason when there is one', () => {
    assert.deepEqual({ code: toDomainError(new MessageError('signerRevoked', { reason: 'revoked' })).code, details: toDomainError(new MessageError('signerRevoked', { reason: 'revoked' })).details }, { code: 'message.signerRevoked', details: { certificateReason: 'revoked' } });
    assert.equal(toDomainError(new MessageError('malformed', { reason: 'header line' })).details, undefined);
  });

  describe('attachments and forwarded originals (multipart/mixed)', () => {
    const base = { messageId: 'm1@airlock.invalid', date: new Date('2026-12-04T21:00:00Z'), subject: 'Kèm tệp', body: 'Xem tệp kèm theo.\r\n' };
    const ref = (index: number, fileName = `Báo cáo số ${String(index)} (bản cuối).pdf.alc`): AttachmentRef => ({ fileName, size: 20 * 1024 * 1024 + index, sha256: index.toString(16).padStart(64, 'a'), bucket: 'ATT_0123456789abcdef0123456789abcdef', object: `6f1c0d2e-0000-4000-8000-${String(index).padStart(12, '0')}` });
    const original = (seed: number): Uint8Array => new Uint8Array(Array.from({ length: 4000 + seed }, (_, index) => (index * 7 + seed) % 256));
    const head = 'Message-ID: <x@y>\r\nDate: Fri, 04 Dec 2026 21:00:00 +0000\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhi\r\n';
    const external = (params: string, phantom = "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''a.alc\r\n"): string =>
      `--b\r\nContent-Type: message/external-body; access-type=x-airlock-object; ${params}\r\n\r\n${phantom}\r\n`;
    const good = `bucket=ATT_ab; object=o1; size=10; sha256=${'0'.repeat(64)}`;

    it('twenty attachments with Vietnamese names and five forwarded originals come back exactly, the text part first, 7-bit, lines within 78', () => {
      const message = { ...base, attachments: Array.from({ length: 20 }, (_, index) => ref(index)), forwarded: Array.from({ length: 5 }, (_, index) => original(index)) };
      const bytes = writeTextMessage(message);
      const text = Buffer.from(bytes).toString('latin1');
      assert.ok(text.split('\r\n').every((line) => line.length <= 78), text.split('\r\n').find((line) => line.length > 78));
      assert.ok([...bytes].every((byte) => byte < 0x80));
      assert.match(text, /^Content-Type: multipart\/mixed; boundary="=_airlock-part"\r\n\r\n--=_airlock-part\r\nContent-Type: text\/plain; charset=UTF-8\r\n/m);
      const read = readTextMessage(bytes);
      assert.deepEqual({ ...read, forwarded: read.forwarded?.map((der) => Buffer.from(der).toString('hex')) }, { ...message, inReplyTo: undefined, references: [], forwarded: message.forwarded.map((der) => Buffer.from(der).toString('hex')) });
    });

    it('a message with neither is the single text/plain entity, byte for byte as without the fields', () => {
      assert.deepEqual(writeTextMessage({ ...base, attachments: [], forwarded: [] }), writeTextMessage(base));
      assert.equal('attachments' in readTextMessage(writeTextMessage(base)), false);
    });

    it('the writer refuses each limit with its own code', () => {
      assert.equal(problemOf(() => writeTextMessage({ ...base, attachments: Array.from({ length: 21 }, (_, index) => ref(index)) })), 'message.tooManyAttachments');
      assert.equal(problemOf(() => writeTextMessage({ ...base, forwarded: Array.from({ length: 6 }, (_, index) => original(index)) })), 'message.tooManyForwarded');
      assert.equal(problemOf(() => writeTextMessage({ ...base, attachments: [{ ...ref(1), size: 512 * 1024 * 1024 + 1 }] })), 'message.attachmentTooLarge');
      assert.equal(problemOf(() => writeTextMessage({ ...base, forwarded: [new Uint8Array(128 * 1024 + 1)] })), 'message.forwardedTooLarge');
      // Five forwards at the limit are base64 in the text: over the 512 KiB the stream can take once signed and enveloped.
      assert.equal(problemOf(() => writeTextMessage({ ...base, forwarded: Array.from({ length: 5 }, () => new Uint8Array(128 * 1024)) })), 'message.tooLarge');
      assert.equal(problemOf(() => writeTextMessage({ ...base, body: 'ố'.repeat(200_000) })), 'message.tooLarge');
      assert.equal(problemOf(() => writeTextMessage({ ...base, forwarded: Array.from({ length: 5 }, () => new Uint8Array(64 * 1024)) })), 'accepted');
      for (const name of ['../../etc/passwd', 'a\\b', 'x\u0000y', '..', '', 'n'.repeat(256), 'Ba\u0301o ca\u0301o']) assert.equal(problemOf(() => writeTextMessage({ ...base, attachments: [ref(1, name)] })), 'message.attachmentNameInvalid', JSON.stringify(name));
      for (const bad of [{ bucket: 'ATT_a.>' }, { object: 'a b' }, { sha256: 'A'.repeat(64) }, { size: -1 }]) assert.equal(problemOf(() => writeTextMessage({ ...base, attachments: [{ ...ref(1), ...bad }] })), 'message.attachmentRefInvalid', JSON.stringify(bad));
    });

    it('reads a hand-written multipart (LF, another boundary, quoted parameters, a plain filename)', () => {
      const lf = `${head}${external(`bucket="ATT_ab"; object=o1;\n size=10; sha256=${'0'.repeat(64)}`, 'Content-Disposition: attachment; filename="b c.alc"\n')}--b--\r\nepilogue`.replace(/\r\n/g, '\n');
      assert.deepEqual(readTextMessage(Buffer.from(lf)).attachments, [{ fileName: 'b c.alc', size: 10, sha256: '0'.repeat(64), bucket: 'ATT_ab', object: 'o1' }]);
    });

    it('the reader refuses, as malformed: another access type, a bad digest, a path in the name, an unknown part, no close delimiter, text not first, 21 attachments', () => {
      const cases: Record<string, string> = {
        'access type': `${head}${external(good.replace('', '')).replace('x-airlock-object', 'url')}--b--\r\n`,
        digest: `${head}${external(good.replace('0'.repeat(64), 'zz'))}--b--\r\n`,
        path: `${head}${external(good, "Content-Disposition: attachment; filename*=UTF-8''..%2Fx\r\n")}--b--\r\n`,
        'unknown part': `${head}--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n--b--\r\n`,
        'no close': `${head}${external(good)}`,
        'text not first': head.replace('--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhi\r\n', external(good)) + '--b--\r\n',
        'too many': `${head}${external(good).repeat(21)}--b--\r\n`,
      };
      for (const [what, text] of Object.entries(cases)) assert.equal(problemOf(() => readTextMessage(Buffer.from(text))), 'malformed', what);
      assert.equal(readTextMessage(Buffer.from(`${head}${external(good).repeat(20)}--b--\r\n`)).attachments?.length, 20);
    });
  });
});
