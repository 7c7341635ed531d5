import { DomainError } from '../domain-error.js';
import { MessageError } from './message-error.js';
import type { AttachmentRef } from './messaging-ports.js';
import { FORWARDED_HEADERS, MAX_ATTACHMENTS, MAX_FORWARDED, MAX_FORWARDED_BYTES, attachmentPart, checkWritable, parameters, readAttachmentPart } from './mime-parts.js';

/**
 * The two MIME entities of a message (docs/message-format.md "Inner content"): the text message
 * that is signed, and the S/MIME `application/pkcs7-mime; smime-type=signed-data` entity that is
 * encrypted. Written in one fixed form (CRLF, base64 bodies, UTF-8 subjects as RFC 2047 B words);
 * read leniently enough for what `openssl cms` writes (LF or CRLF, folded headers, 7bit/8bit/base64).
 * A message with attachments or forwarded originals is `multipart/mixed`, its text the first part
 * (mime-parts.ts); one with neither is the single text/plain entity it always was.
 */
export interface TextMessage {
  /** Without angle brackets, e.g. "3f…@airlock.invalid". */
  readonly messageId: string;
  readonly date: Date;
  readonly subject: string;
  readonly body: string;
  /** The message this one answers. */
  readonly inReplyTo?: string | undefined;
  /** The thread, oldest first: the first is the thread's root. */
  readonly references?: readonly string[] | undefined;
  /** Files in the object store, named with their digest (at most 20). Read back only when present. */
  readonly attachments?: readonly AttachmentRef[] | undefined;
  /** Original signed messages (DER ContentInfo of a SignedData), unchanged (at most 5). Read back only when present. */
  readonly forwarded?: readonly Uint8Array[] | undefined;
}

export interface MimeEntity {
  /** Header names in lower case; a header given twice keeps its first value. */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

const MAX_ENTITY_BYTES = 16 * 1024 * 1024;
/**
 * What the writer sends at most: the text is base64 again in the S/MIME entity (×4/3, plus line
 * ends), signed and enveloped to up to 51 certificates, and the inbox stream takes 1 MiB a message.
 */
export const MAX_TEXT_MESSAGE_BYTES = 512 * 1024;
/** RFC 2046 boundary: `=_` never occurs in base64 or in these headers, so a fixed one cannot collide (and vectors stay reproducible). */
const BOUNDARY = '=_airlock-part';
const MESSAGE_ID = /^[\x21-\x3b\x3d\x3f-\x7e]{1,200}@[\x21-\x3b\x3d\x3f-\x7e]{1,200}$/;

export function writeTextMessage(message: TextMessage): Uint8Array {
  for (const id of [message.messageId, message.inReplyTo, ...(message.references ?? [])]) {
    if (id !== undefined && !MESSAGE_ID.test(id)) throw new Error(`not a message id: ${id}`);
  }
  const attachments = message.attachments ?? [];
  const forwarded = message.forwarded ?? [];
  checkWritable(attachments, forwarded);
  const headers = [
    'MIME-Version: 1.0',
    `Message-ID: <${message.messageId}>`,
    `Date: ${rfc5322Date(message.date)}`,
    `Subject: ${encodedWords(message.subject)}`,
    ...(message.inReplyTo === undefined ? [] : [`In-Reply-To: <${message.inReplyTo}>`]),
    ...(message.references === undefined || message.references.length === 0 ? [] : [`References: ${message.references.map((id) => `<${id}>`).join('\r\n ')}`]),
  ];
  if (attachments.length === 0 && forwarded.length === 0) return sendable(entity([...headers, ...TEXT_HEADERS], Buffer.from(message.body, 'utf8')));
  const parts = [
    entity(TEXT_HEADERS, Buffer.from(message.body, 'utf8')),
    ...attachments.map((ref) => {
      const part = attachmentPart(ref);
      return Buffer.from(`${part.headers.join('\r\n')}\r\n\r\n${part.phantom}`, 'utf8');
    }),
    ...forwarded.map((original) => entity(FORWARDED_HEADERS, Buffer.from(original))),
  ];
  const body = `${parts.map((part) => `--${BOUNDARY}\r\n${Buffer.from(part).toString('latin1')}`).join('\r\n')}\r\n--${BOUNDARY}--\r\n`;
  return sendable(Buffer.from(`${[...headers, `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`].join('\r\n')}\r\n\r\n${body}`, 'latin1'));
}

/** Refused here rather than by the server after signing on the token: `message.tooLarge`. */
function sendable(bytes: Uint8Array): Uint8Array {
  if (bytes.length > MAX_TEXT_MESSAGE_BYTES) throw new DomainError('message.tooLarge');
  return bytes;
}

const TEXT_HEADERS = ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'];

export function readTextMessage(bytes: Uint8Array): TextMessage {
  const { headers, body } = readEntity(bytes);
  const messageId = angleIds(headers.get('message-id'))[0];
  const date = new Date(headers.get('date') ?? '');
  if (messageId === undefined || Number.isNaN(date.getTime())) throw new MessageError('malformed', { reason: 'Message-ID or Date' });
  const envelope = { messageId, date, subject: decodeWords(headers.get('subject') ?? ''), inReplyTo: angleIds(headers.get('in-reply-to'))[0], references: angleIds(headers.get('references')) };
  const type = headers.get('content-type') ?? 'text/plain';
  if (!/^multipart\//i.test(type)) return { ...envelope, body: readText(headers, body) };
  if (!/^multipart\/mixed\s*;/i.test(type)) throw new MessageError('malformed', { reason: 'content type' });
  const [first, ...rest] = multipartBodies(body, parameters(type).get('boundary') ?? '').map((part) => readEntity(part));
  if (first === undefined) throw new MessageError('malformed', { reason: 'no text part' });
  const attachments: AttachmentRef[] = [];
  const forwarded: Uint8Array[] = [];
  for (const part of rest) {
    const partType = part.headers.get('content-type') ?? '';
    if (/^message\/external-body\s*;/i.test(partType)) {
      // The phantom header (RFC 2046 §5.2.3); a writer may leave out the empty line after it.
      attachments.push(readAttachmentPart(partType, readEntity(Buffer.concat([part.body, Buffer.from('\r\n\r\n')])).headers));
    }
    else forwarded.push(readSignedEntity(part));
  }
  if (attachments.length > MAX_ATTACHMENTS || forwarded.length > MAX_FORWARDED) throw new MessageError('malformed', { reason: 'too many parts' });
  if (forwarded.some((original) => original.length === 0 || original.length > MAX_FORWARDED_BYTES)) throw new MessageError('malformed', { reason: 'forwarded original size' });
  return { ...envelope, body: readText(first.headers, first.body), attachments, forwarded };
}

function readText(headers: ReadonlyMap<string, string>, body: Buffer): string {
  const type = headers.get('content-type') ?? 'text/plain';
  if (!/^text\/plain\s*(;|$)/i.test(type) || !/charset="?(utf-8|us-ascii)"?/i.test(type)) throw new MessageError('malformed', { reason: 'content type' });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readBody(headers, body));
  } catch (error) {
    if (error instanceof MessageError) throw error;
    throw new MessageError('malformed', { reason: 'body is not UTF-8' });
  }
}

/**
 * The body parts of a multipart body (RFC 2046 §5.1.1): between delimiter lines `--boundary`, up
 * to the close delimiter `--boundary--` (required); preamble and epilogue ignored; LF or CRLF.
 */
function multipartBodies(body: Buffer, boundary: string): Buffer[] {
  if (!/^[0-9A-Za-z'()+_,./:=? -]{1,70}$/.test(boundary) || boundary.endsWith(' ')) throw new MessageError('malformed', { reason: 'multipart boundary' });
  const text = body.toString('latin1');
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?=\\r?\\n|$)`, 'g');
  const parts: Buffer[] = [];
  let start: number | undefined;
  for (const match of text.matchAll(delimiter)) {
    if (start !== undefined) parts.push(body.subarray(start, match.index));
    if (match[1] !== undefined) return parts;
    const lineEnd = /\r?\n/.exec(text.slice(match.index + match[0].length));
    if (lineEnd === null) break;
    start = match.index + match[0].length + lineEnd[0].length;
  }
  throw new MessageError('malformed', { reason: 'multipart without its close delimiter' });
}

/** The S/MIME entity around a SignedData (RFC 8551 §3.5.2), as `openssl cms -sign -nodetach` writes it. */
export function writeSignedEntity(signedData: Uint8Array): Uint8Array {
  return entity(['MIME-Version: 1.0', 'Content-Disposition: attachment; filename="smime.p7m"', 'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"', 'Content-Transfer-Encoding: base64'], Buffer.from(signedData));
}

export function readSignedEntity(bytes: Uint8Array | MimeEntity): Uint8Array {
  const { headers, body } = bytes instanceof Uint8Array ? readEntity(bytes) : bytes;
  const type = headers.get('content-type') ?? '';
  if (!/^application\/(x-)?pkcs7-mime\s*;/i.test(type) || !/smime-type="?signed-data"?/i.test(type)) throw new MessageError('malformed', { reason: 'not an S/MIME signed-data entity' });
  return new Uint8Array(readBody(headers, body));
}

function entity(headers: readonly string[], body: Buffer): Uint8Array {
  const lines = body.toString('base64').match(/.{1,76}/g) ?? [];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${lines.map((line) => `${line}\r\n`).join('')}`, 'utf8');
}

/** Headers up to the first empty line (LF or CRLF), unfolded; the rest is the body, untouched. */
export function readEntity(bytes: Uint8Array): MimeEntity {
  if (bytes.length > MAX_ENTITY_BYTES) throw new MessageError('malformed', { reason: 'too large' });
  const buffer = Buffer.from(bytes);
  const text = buffer.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  if (end === null) throw new MessageError('malformed', { reason: 'no header end' });
  const headers = new Map<string, string>();
  for (const field of text.slice(0, end.index).replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) throw new MessageError('malformed', { reason: 'header line' });
    const name = field.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, Buffer.from(field.slice(colon + 1).trim(), 'latin1').toString('utf8'));
  }
  return { headers, body: buffer.subarray(end.index + end[0].length) };
}

function readBody(headers: ReadonlyMap<string, string>, body: Buffer): Buffer {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') {
    const compact = body.toString('latin1').replace(/[\r\n\t ]/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) throw new MessageError('malformed', { reason: 'base64 body' });
    return Buffer.from(compact, 'base64');
  }
  if (encoding === '7bit' || encoding === '8bit' || encoding === 'binary') return body;
  throw new MessageError('malformed', { reason: `transfer encoding ${encoding}` });
}

function angleIds(value: string | undefined): string[] {
  return [...(value ?? '').matchAll(/<([^<>\s]+)>/g)].flatMap((match) => (match[1] !== undefined && MESSAGE_ID.test(match[1]) ? [match[1]] : []));
}

/** RFC 2047 B words of at most 39 bytes of text (64 characters), split between code points: with "Subject: " the first line stays under 76. */
function encodedWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('=?')) return text;
  const words: string[] = [];
  let current = '';
  for (const char of text) {
    if (Buffer.byteLength(current + char, 'utf8') > 39) {
      words.push(current);
      current = '';
    }
    current += char;
  }
  words.push(current);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join('\r\n ');
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?b\?([A-Za-z0-9+/=]*)\?=/gi, (_, data: string) => Buffer.from(data, 'base64').toString('utf8'));
}

function rfc5322Date(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
