// The MIME text message and the S/MIME entity (docs/message-format.md "The text message"):
// written in one form, read back, and read from the forms other tools write.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageError, toDomainError } from '../../../electron/core/messaging/message-error.js';
import { readSignedEntity, readTextMessage, writeSignedEntity, writeTextMessage } from '../../../electron/core/messaging/mime-entity.js';

const problemOf = (read: () => unknown): string => {
  try {
    read();
    return 'accepted';
  } catch (error) {
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
});
