// Writes the attachment and forward vectors (docs/message-format.md "Vectors"), beside the ones
// generate.ts writes and without touching them: the forward carries the committed signed.der
// unchanged. Run by hand: `node --import tsx tests/vectors/messages/generate-forward.ts`.
// Same test PKI and signer as generate.ts. Test-only keys: never use them.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sealEnvelope } from '../../../electron/core/messaging/cms-envelope.js';
import { writeMessage, type MessageDraft } from '../../../electron/core/messaging/cms-message-writer.js';
import { signContent } from '../../../electron/core/messaging/cms-signed-data.js';
import { messageAttributes } from '../../../electron/core/messaging/message-attributes.js';
import type { AttachmentRef } from '../../../electron/core/messaging/messaging-ports.js';
import { writeSignedEntity } from '../../../electron/core/messaging/mime-entity.js';
import { ID_DATA } from '../../../electron/core/messaging/message-oids.js';
import { opensslSigner } from '../../support/openssl-signer.js';
import { pemToDer } from '../../support/softhsm/test-pki.js';

/** One entry of forward-vectors.json: a message read with `key`, its attachments and each forwarded original's own verdict. */
export interface ForwardVector {
  readonly file: string;
  readonly description: string;
  readonly key: 'recipient-rsa';
  readonly expect: { readonly ok: true } | { readonly ok: false; readonly problem: string };
  readonly attachments?: readonly AttachmentRef[];
  readonly forwarded?: readonly { readonly sameAs: string | null; readonly expect: { readonly ok: true } | { readonly ok: false; readonly problem: string } }[];
}

const dir = import.meta.dirname;
const pki = path.join(dir, '..', 'container', 'pki');
const openssl = (args: readonly string[]) => Promise.resolve({ stdout: execFileSync('openssl', args, { cwd: dir, encoding: 'utf8' }), stderr: '' });
const signer = opensslSigner(openssl, path.join(pki, 'signer.key'), readFileSync(path.join(pki, 'signer.pem'), 'utf8'));
const recipientRsa = new Uint8Array(pemToDer(readFileSync(path.join(pki, 'recipient-rsa.pem'), 'utf8')));
const now = new Date();
const original = new Uint8Array(readFileSync(path.join(dir, 'signed.der')));
const attachments: AttachmentRef[] = [
  { fileName: 'Báo cáo kiểm tra mạng cơ yếu quý IV năm 2026 (bản ký số).pdf.alc', size: 20_971_520, sha256: 'b'.repeat(64), bucket: 'ATT_0123456789abcdef0123456789abcdef', object: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' },
  { fileName: 'Phụ lục.xlsx.alc', size: 48_213, sha256: 'c'.repeat(64), bucket: 'ATT_0123456789abcdef0123456789abcdef', object: '3f2504e0-4f89-41d3-9a0c-0305e82c3302' },
];
const draft: MessageDraft = { subject: 'Chuyển tiếp: Công điện khẩn', body: 'Chuyển các đồng chí công điện gốc và báo cáo kèm theo.\r\n', classification: 'mat', precedence: 'khan', expiresAt: new Date('2100-01-01T00:00:00Z'), requestReceipt: false, attachments, forwarded: [original] };
const vectors: ForwardVector[] = [];
const save = (vector: ForwardVector, bytes: Uint8Array): void => {
  writeFileSync(path.join(dir, vector.file), bytes);
  vectors.push(vector);
};
const write = (changes: Partial<MessageDraft>) => writeMessage({ draft: { ...draft, ...changes }, signer, chain: [], recipients: [recipientRsa], senderCertificates: [], now });

save({ file: 'forward.der', description: 'two attachments and signed.der forwarded unchanged', key: 'recipient-rsa', expect: { ok: true }, attachments, forwarded: [{ sameAs: 'signed.der', expect: { ok: true } }] }, (await write({})).message);

const tampered = Buffer.from(original);
const bodyAt = tampered.indexOf('Content-Transfer-Encoding: base64\r\n\r\n') + 40;
tampered[bodyAt] = (tampered[bodyAt] ?? 0) ^ 0x02;
save({ file: 'forward-tampered-original.der', description: 'a valid forward whose original was altered before forwarding: the forward is trusted, the original is not', key: 'recipient-rsa', expect: { ok: true }, attachments: [], forwarded: [{ sameAs: null, expect: { ok: false, problem: 'tampered' } }] }, (await write({ attachments: [], forwarded: [tampered] })).message);

/** A text message written by hand, then signed and encrypted as the writer would (the reader must refuse it). */
const handWritten = async (file: string, description: string, parts: string): Promise<void> => {
  const messageId = `${file.replace('.der', '')}@airlock.invalid`;
  const content = Buffer.from(`MIME-Version: 1.0\r\nMessage-ID: <${messageId}>\r\nDate: Fri, 04 Dec 2026 21:00:00 +0000\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nx\r\n${parts}--b--\r\n`);
  const labelling = { classification: draft.classification, precedence: draft.precedence, expiresAt: draft.expiresAt, contentIdentifier: new Uint8Array(Buffer.from(messageId)), requestReceipt: false };
  const signed = await signContent({ contentType: ID_DATA, content, signer, chain: [], attributes: messageAttributes(labelling, signer.certificateDer), signingTime: now });
  save({ file, description, key: 'recipient-rsa', expect: { ok: false, problem: 'malformed' } }, await sealEnvelope(writeSignedEntity(signed.signedData), [recipientRsa]));
};
const part = (sha256: string): string => `--b\r\nContent-Type: message/external-body; access-type=x-airlock-object;\r\n bucket=ATT_ab; object=o1; size=10; sha256=${sha256}\r\n\r\nContent-Disposition: attachment; filename*=UTF-8''a.alc\r\n\r\n\r\n`;
await handWritten('attachment-bad-digest.der', 'an attachment part whose sha256 is not 64 hex digits (signed as is)', part('zz'));
await handWritten('too-many-attachments.der', '21 attachment parts (signed as is)', part('0'.repeat(64)).repeat(21));

writeFileSync(path.join(dir, 'forward-vectors.json'), `${JSON.stringify({ generated: now.toISOString(), vectors }, null, 2)}\n`);
console.log(`${String(vectors.length)} forward vectors written`);
