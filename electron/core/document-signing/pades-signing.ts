// PAdES baseline B-B (ETSI EN 319 142-1 §6.3): an ETSI.CAdES.detached signature over the PDF's
// byte ranges, made on the token. @signpdf/signpdf fills the ByteRange and /Contents; the CMS is
// Airlock's own (document-cms.ts), with content type, message digest and signing-certificate-v2,
// and no signing-time attribute: the standard puts the claimed time in the dictionary's /M.
import { createHash } from 'node:crypto';
import { SignPdf, SignPdfError } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { certificateInfo } from '../certificates/certificate-info.js';
import { checkOwnCertificate, signDetached, type DocumentSignRequest } from './document-cms.js';
import { SIGNATURE_ROOM, TIMESTAMP_ROOM, withSignaturePlaceholder } from './pdf-incremental-placeholder.js';
import { SignatureError } from './signature-error.js';
import type { DocumentSignOptions } from './signing-options.js';

/** signpdf's Signer: hands over the bytes the ByteRange covers; only their SHA-256 reaches the token. */
class TokenCmsSigner extends Signer {
  constructor(private readonly request: DocumentSignRequest) {
    super();
  }

  override async sign(covered: Buffer): Promise<Buffer> {
    return Buffer.from(await signDetached(this.request, createHash('sha256').update(covered).digest(), undefined));
  }
}

export interface PdfSignRequest extends DocumentSignRequest, DocumentSignOptions {
  readonly reason?: string;
  readonly location?: string;
}

/** The signed PDF: the input, unchanged, followed by one incremental update holding the signature. */
export async function signPdf(pdf: Uint8Array, request: PdfSignRequest): Promise<Buffer> {
  await checkOwnCertificate(request);
  const subject = certificateInfo(request.signer.certificateDer).subject;
  const signingTime = request.trust.now();
  const name = subject.commonName ?? subject.display;
  const prepared = await withSignaturePlaceholder(pdf, {
    name,
    reason: request.reason ?? '',
    location: request.location ?? '',
    signingTime,
    room: SIGNATURE_ROOM + (request.timestamp === undefined ? 0 : TIMESTAMP_ROOM),
    ...(request.visible === undefined ? {} : { visible: { placement: request.visible, text: { name, organization: subject.organization, signingTime }, ...(request.blockFontFiles === undefined ? {} : { fontFiles: request.blockFontFiles }) } }),
  });
  try {
    return await new SignPdf().sign(prepared, new TokenCmsSigner(request));
  } catch (error) {
    if (error instanceof SignPdfError && /exceeds placeholder/.test(error.message)) throw new SignatureError('tooLarge');
    throw error;
  }
}
