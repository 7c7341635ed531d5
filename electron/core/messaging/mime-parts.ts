/**
 * The parts a text message carries besides its text (docs/message-format.md "Attachments and
 * forwards"): an attachment as an RFC 2046 §5.2.3 `message/external-body` part of access type
 * `x-airlock-object` (the container is in the object store; the part names it and its digest, so the
 * signature covers the file), a forwarded original as an `application/pkcs7-mime; smime-type=signed-data`
 * part holding the original SignedData unchanged. Each check here is the writer's and the reader's.
 */
import { DomainError } from '../domain-error.js';
import { MessageError } from './message-error.js';
import type { AttachmentRef } from './messaging-ports.js';

export const MAX_ATTACHMENTS = 20;
export const MAX_FORWARDED = 5;
/** A container file; the object store's bucket holds 30 days of a sender's uploads. */
export const MAX_ATTACHMENT_BYTES = 512 * 1024 * 1024;
/** A forwarded original (a signed message is a few KiB; the envelope must stay under the stream's 1 MiB). */
export const MAX_FORWARDED_BYTES = 128 * 1024;
export const ACCESS_TYPE = 'x-airlock-object';
/** A sender's bucket: `ATT_` and the messaging id (subjects.ts). */
export const BUCKET_PATTERN = /^ATT_[a-z0-9][a-z0-9-]{0,31}$/;
const OBJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const MAX_FILE_NAME = 255;

/** Why an attachment reference cannot be carried, or undefined when it can. */
export function attachmentProblem(ref: AttachmentRef): 'attachmentTooLarge' | 'attachmentNameInvalid' | 'attachmentRefInvalid' | undefined {
  if (!BUCKET_PATTERN.test(ref.bucket) || !OBJECT_PATTERN.test(ref.object) || !SHA256_PATTERN.test(ref.sha256) || !Number.isSafeInteger(ref.size) || ref.size < 0) return 'attachmentRefInvalid';
  if (ref.size > MAX_ATTACHMENT_BYTES) return 'attachmentTooLarge';
  return fileNameValid(ref.fileName) ? undefined : 'attachmentNameInvalid';
}

/**
 * A name the recipient's workstation may save under as it is: no folder separators, no control
 * characters, not `.` or `..`, at most 255 characters, in Unicode NFC (one spelling per name).
 */
export function fileNameValid(name: string): boolean {
  return [...name].length >= 1 && [...name].length <= MAX_FILE_NAME && name === name.normalize('NFC') && !/[\p{Cc}/\\]/u.test(name) && name !== '.' && name !== '..';
}

/** Throws the writer's specific refusal for what the composer passed. */
export function checkWritable(attachments: readonly AttachmentRef[], forwarded: readonly Uint8Array[]): void {
  if (attachments.length > MAX_ATTACHMENTS) throw new DomainError('message.tooManyAttachments');
  if (forwarded.length > MAX_FORWARDED) throw new DomainError('message.tooManyForwarded');
  for (const ref of attachments) {
    const problem = attachmentProblem(ref);
    if (problem !== undefined) throw new DomainError(`message.${problem}`);
  }
  if (forwarded.some((original) => original.length === 0 || original.length > MAX_FORWARDED_BYTES)) throw new DomainError('message.forwardedTooLarge');
}

/** The part's header lines and body (before the transfer encoding) for an attachment. */
export function attachmentPart(ref: AttachmentRef): { readonly headers: readonly string[]; readonly phantom: string } {
  return {
    headers: [`Content-Type: message/external-body; access-type=${ACCESS_TYPE};\r\n bucket=${ref.bucket};\r\n object=${ref.object};\r\n size=${String(ref.size)};\r\n sha256=${ref.sha256}`],
    // The phantom header describes the external body (RFC 2046 §5.2.3); no body follows it.
    phantom: `Content-Type: application/octet-stream\r\nContent-Disposition: attachment;\r\n ${extendedParameter('filename', ref.fileName)}\r\n\r\n`,
  };
}

export const FORWARDED_HEADERS = ['Content-Type: application/pkcs7-mime; smime-type=signed-data;\r\n name="forwarded.p7m"', 'Content-Disposition: attachment; filename="forwarded.p7m"', 'Content-Transfer-Encoding: base64'] as const;

/** The reference an `x-airlock-object` part names, fully checked (`message.malformed` otherwise). */
export function readAttachmentPart(contentType: string, phantom: ReadonlyMap<string, string>): AttachmentRef {
  const params = parameters(contentType);
  if (params.get('access-type')?.toLowerCase() !== ACCESS_TYPE) throw new MessageError('malformed', { reason: 'external body of another access type' });
  const size = params.get('size') ?? '';
  const fileName = parameters(`x; ${phantom.get('content-disposition') ?? ''}`).get('filename') ?? '';
  const ref = { fileName, size: /^\d{1,16}$/.test(size) ? Number(size) : -1, sha256: params.get('sha256') ?? '', bucket: params.get('bucket') ?? '', object: params.get('object') ?? '' };
  const problem = attachmentProblem(ref);
  if (problem !== undefined) throw new MessageError('malformed', { reason: `attachment: ${problem}` });
  return ref;
}

/**
 * A header's parameters (RFC 2045 §5.1), names in lower case, quoted strings unquoted, RFC 2231
 * extended values (`name*=utf-8''%xx`) and continuations (`name*0*=…; name*1*=…`) joined and decoded
 * (UTF-8 or US-ASCII only); the value before the first `;` is skipped; a name given twice keeps the first.
 */
export function parameters(header: string): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  const sections = new Map<string, { index: number; extended: boolean; raw: string }[]>();
  const pattern = /;\s*([!#$%&'+^_`|~0-9A-Za-z.-]+)(?:\*(\d{1,2}))?(\*)?\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([!#$%&'*+.^_`|~0-9A-Za-z-]+))/g;
  for (const match of header.matchAll(pattern)) {
    const name = (match[1] ?? '').toLowerCase();
    const raw = match[4] === undefined ? (match[5] ?? '') : match[4].replace(/\\(.)/g, '$1');
    if (match[2] === undefined && match[3] === undefined) {
      if (!found.has(name)) found.set(name, raw);
    } else {
      const list = sections.get(name) ?? [];
      list.push({ index: Number(match[2] ?? 0), extended: match[3] !== undefined, raw });
      sections.set(name, list);
    }
  }
  // An RFC 2231 value, when given, is the one meant (RFC 6266 §4.3: it wins over the plain form).
  for (const [name, list] of sections) {
    list.sort((a, b) => a.index - b.index);
    if (list.some((section, index) => section.index !== index)) throw new MessageError('malformed', { reason: `parameter ${name} sections` });
    const [first] = list;
    const charset = first?.extended === true ? /^(utf-8|us-ascii)?'[^']*'/i.exec(first.raw) : null;
    if (first?.extended === true && charset === null) throw new MessageError('malformed', { reason: `parameter ${name}` });
    const bytes = list.map((section, index) => {
      const text = index === 0 && charset !== null ? section.raw.slice(charset[0].length) : section.raw;
      return section.extended ? percentDecoded(text) : Buffer.from(text, 'latin1');
    });
    found.set(name, utf8(Buffer.concat(bytes)));
  }
  return found;
}

/** `filename*0*=UTF-8''…;` then `filename*1*=…;` in sections of at most 60 characters, never splitting a %XX. */
export function extendedParameter(name: string, value: string): string {
  const encoded = [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9!#$&+.^_`|~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`));
  const sections: string[] = [];
  let current = "UTF-8''";
  for (const piece of encoded) {
    if (current.length + piece.length > 60) {
      sections.push(current);
      current = '';
    }
    current += piece;
  }
  sections.push(current);
  return sections.length === 1 ? `${name}*=${sections[0] ?? ''}` : sections.map((section, index) => `${name}*${String(index)}*=${section}`).join(';\r\n ');
}

function percentDecoded(text: string): Buffer {
  if (/%(?![0-9A-Fa-f]{2})/.test(text)) throw new MessageError('malformed', { reason: 'percent encoding' });
  return Buffer.from(text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1');
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MessageError('malformed', { reason: 'parameter is not UTF-8' });
  }
}
