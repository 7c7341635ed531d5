// The documents waiting in the training inbox, written by the real container writer: encrypted to
// every official's RSA certificate, signed on the sender's token (EC key, through the pkcs11
// engine), labelled. One is labelled Mật (the Internet zone refuses it), one is damaged on purpose.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { encryptContainer } from '../../electron/core/documents/container-writer.js';
import type { DocumentLabel } from '../../shared/domain/document.js';
import { textPdf } from './documents/text-pdf.js';
import { opensslSigner } from './pki/openssl-signer.js';
import { pemToDer, type EngineKey, type RunOpenSsl } from './pki/openssl-ca.js';
import { runTool } from './pki/run-tool.js';
import { TRAINING_OFFICE } from './cast.js';

export interface InboxSender {
  readonly ecKey: EngineKey;
  readonly ecCertPem: string;
}

export interface InboxDocument {
  readonly file: string;
  readonly level: DocumentLabel['level'];
  /** What opening it shows: the document, or the refusal a damaged one gets. */
  readonly expect: 'opens' | 'chunkTampered';
}

const today = (): string => new Date().toISOString().slice(0, 10);
const label = (level: DocumentLabel['level']): DocumentLabel => ({ level, caveats: [], originator: TRAINING_OFFICE, date: today(), declassifyOn: null });

/** The report of the month as a PDF, and its first page as a PNG (poppler's pdftoppm), for the picture. */
async function pdfAndPicture(): Promise<{ pdf: Buffer; png: Buffer }> {
  const pdf = textPdf([
    ['BAO CAO THANG 11 - VAN PHONG UBND TINH (tap huan)', '', 'Tai lieu luyen tap: khong co noi dung that.', 'Trang 1 / 2'],
    ['Phu luc: lich hop giao ban', 'Trang 2 / 2'],
  ]);
  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-training-picture-'));
  try {
    await writeFile(path.join(dir, 'page.pdf'), pdf);
    await runTool('pdftoppm', ['-png', '-r', '40', '-singlefile', '-f', '1', '-l', '1', path.join(dir, 'page.pdf'), path.join(dir, 'page')], {});
    return { pdf, png: await readFile(path.join(dir, 'page.png')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Flips one byte of the last chunk (just before the signature trailer): opening says which chunk is damaged. */
function damaged(container: Buffer): Buffer {
  const copy = Buffer.from(container);
  const signatureLength = copy.readUInt32BE(copy.length - 12);
  const at = copy.length - 12 - signatureLength - 5;
  copy[at] = (copy[at] ?? 0) ^ 0x40;
  return copy;
}

export async function fillInbox(
  inboxDir: string,
  openssl: RunOpenSsl,
  parts: { readonly recipients: readonly Uint8Array[]; readonly issuingPem: string; readonly senders: readonly InboxSender[] },
): Promise<InboxDocument[]> {
  await mkdir(inboxDir, { recursive: true, mode: 0o700 });
  const { pdf, png } = await pdfAndPicture();
  const chain = [new Uint8Array(pemToDer(parts.issuingPem))];
  const longText = Array.from({ length: 3000 }, (_, line) => `Dòng ${line + 1}: danh sách công việc luyện tập của văn phòng.`).join('\n');
  const documents = [
    { file: 'Thông báo lịch họp.alc', fileName: 'Thông báo lịch họp.txt', mediaType: 'text/plain; charset=utf-8', level: 'unclassified', bytes: Buffer.from('Thông báo: họp giao ban lúc 8 giờ sáng thứ Hai tại phòng họp số 2.\n(Tài liệu luyện tập.)\n'), sender: 0 },
    { file: 'Sơ đồ báo cáo.alc', fileName: 'Sơ đồ báo cáo.png', mediaType: 'image/png', level: 'unclassified', bytes: png, sender: 1 },
    { file: 'Báo cáo tháng 11.alc', fileName: 'Báo cáo tháng 11.pdf', mediaType: 'application/pdf', level: 'unclassified', bytes: pdf, sender: 1 },
    { file: 'Công văn Mật.alc', fileName: 'Công văn Mật.txt', mediaType: 'text/plain; charset=utf-8', level: 'mat', bytes: Buffer.from('Công văn MẬT (luyện tập): chỉ mở trên mạng nội bộ cơ quan hoặc mạng cơ yếu.\n'), sender: 2 },
    { file: 'Tài liệu bị hỏng.alc', fileName: 'Danh sách công việc.txt', mediaType: 'text/plain; charset=utf-8', level: 'unclassified', bytes: Buffer.from(longText), sender: 0, damage: true },
  ] as const;
  const made: InboxDocument[] = [];
  for (const document of documents) {
    const sender = parts.senders[document.sender % parts.senders.length];
    if (sender === undefined) throw new Error('the inbox needs at least one sender');
    const output = path.join(inboxDir, document.file);
    await encryptContainer({
      source: { kind: 'stream', stream: Readable.from([document.bytes]) },
      output,
      label: label(document.level),
      metadata: { fileName: document.fileName, mediaType: document.mediaType },
      recipients: parts.recipients,
      signer: opensslSigner(openssl, sender.ecKey, sender.ecCertPem, 'ecdsaSha256'),
      chain,
    });
    if ('damage' in document) await writeFile(output, damaged(await readFile(output)));
    made.push({ file: output, level: document.level, expect: 'damage' in document ? 'chunkTampered' : 'opens' });
  }
  return made;
}
