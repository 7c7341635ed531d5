// Signing and checking files on disk (docs/signing.md): a PDF gets a PAdES signature as a new
// file "x (signed).pdf", any other file a detached "x.p7s" beside it. Outputs appear only complete,
// under a free name, never over an existing file (documents/atomic-output.ts); the input is only read.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AtomicOutput } from '../documents/atomic-output.js';
import type { SignerTrust } from '../documents/container-reader.js';
import { checkOwnCertificate, sha256OfFile, signDetached, verifyDetached, type DocumentSignRequest, type VerifiedSignature } from './document-cms.js';
import { signPdf } from './pades-signing.js';
import { verifyPdf, type PdfVerification } from './pdf-signature-verifier.js';
import { SignatureError } from './signature-error.js';
import type { DocumentSignOptions } from './signing-options.js';

/** Larger PDFs are signed as files (.p7s): a PDF is read whole to add its signature field. */
export const MAX_PDF_BYTES = 512 * 1024 * 1024;

export type SignatureFormat = 'pades' | 'p7s';

export interface SignFileRequest extends DocumentSignRequest, DocumentSignOptions {
  readonly input: string;
  /** Default: PAdES for a .pdf, a detached .p7s for anything else. */
  readonly format?: SignatureFormat;
  /** Default "<name> (đã ký).pdf" beside a PDF, "<name>.p7s" beside any other file. */
  readonly output?: string;
  readonly signal?: AbortSignal;
}

export interface SignedFile {
  readonly format: SignatureFormat;
  readonly output: string;
  readonly bytes: number;
}

export const isPdfName = (file: string): boolean => path.extname(file).toLowerCase() === '.pdf';

export function defaultOutput(input: string, format: SignatureFormat): string {
  if (format === 'p7s') return `${input}.p7s`;
  const extension = path.extname(input);
  return `${input.slice(0, input.length - extension.length)} (đã ký)${extension}`;
}

export async function signFile(job: SignFileRequest): Promise<SignedFile> {
  // The job's signal ends a timestamp request too (signing-options.ts TimestampAuthority.signal).
  const request: SignFileRequest = job.timestamp === undefined || job.signal === undefined ? job : { ...job, timestamp: { ...job.timestamp, signal: job.signal } };
  const format = request.format ?? (isPdfName(request.input) ? 'pades' : 'p7s');
  if (request.visible !== undefined && format !== 'pades') throw new SignatureError('visibleBoxInvalid', { reason: 'not a PDF' });
  let signed: Uint8Array;
  if (format === 'pades') {
    if ((await stat(request.input)).size > MAX_PDF_BYTES) throw new SignatureError('notPdf', { reason: 'too large' });
    signed = await signPdf(await readFile(request.input), request);
  } else {
    await checkOwnCertificate(request);
    const signingTime = request.trust.now();
    signed = await signDetached(request, await sha256OfFile(request.input, request.signal), signingTime);
  }
  // Only now, with the signature made, does a file appear: a wrong PIN, a pulled token or a revoked signer leave nothing.
  const output = await AtomicOutput.create(path.resolve(request.output ?? defaultOutput(request.input, format)));
  try {
    await output.write(Buffer.from(signed));
    return { format, output: await output.commit(), bytes: signed.length };
  } catch (error) {
    await output.discard();
    throw error;
  }
}

export type FileVerification = ({ readonly format: 'pades' } & PdfVerification) | { readonly format: 'p7s'; readonly valid: boolean; readonly signature?: VerifiedSignature; readonly problem?: string; readonly reason?: string | undefined };

/** A PDF's own signatures, or a .p7s against the file it signs (`content`). Bad input is an answer (valid: false), never a change on disk. */
export async function verifyFile(input: string, trust: SignerTrust, content?: string): Promise<FileVerification> {
  if (content === undefined) return { format: 'pades', ...(await verifyPdf(await readFile(input), trust)) };
  try {
    const signature = await verifyDetached(await readFile(input), await sha256OfFile(content), trust);
    return { format: 'p7s', valid: signature.timestamp?.valid !== false, signature };
  } catch (error) {
    if (!(error instanceof SignatureError)) throw error;
    return { format: 'p7s', valid: false, problem: error.problem, reason: error.detail.reason };
  }
}
