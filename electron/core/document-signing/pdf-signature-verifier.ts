// Checks every signature of a PDF (docs/signing.md "Verifying a PDF"): its ByteRange (starts at 0,
// one gap holding exactly the /Contents), the CMS over the covered bytes (document-cms.ts), and what
// the file holds after the revision it signed: nothing, more signatures only, or other changes.
import { createHash } from 'node:crypto';
import { fromBER } from 'asn1js';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFSignature, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { SignerTrust } from '../documents/container-reader.js';
import { verifyDetached, type VerifiedSignature } from './document-cms.js';
import { loadPdf } from './pdf-structure.js';
import { SignatureError, type SignatureProblem } from './signature-error.js';

/** What the file holds beyond the bytes a signature covers. */
export type Coverage = 'wholeDocument' | 'signaturesAppended' | 'changesAppended';

export type PdfSignatureCheck = {
  readonly field: string;
  readonly subFilter: string | undefined;
  /** The /M entry: the time the signer's software claimed (PAdES B-B has no signed time). */
  readonly claimedTime: string | undefined;
  readonly coverage: Coverage;
  /** Where the signed revision ends (bytes). */
  readonly revisionEnd: number;
} & ({ readonly valid: true; readonly signature: VerifiedSignature } | { readonly valid: false; readonly problem: SignatureProblem; readonly reason: string | undefined });

export interface PdfVerification {
  /** True when every signature is valid (with its timestamp, if any) and nothing but further signatures was added after any of them. */
  readonly valid: boolean;
  readonly signatures: readonly PdfSignatureCheck[];
}

interface SignatureDictionary {
  readonly field: string;
  readonly byteRange: readonly number[];
  readonly contents: Uint8Array;
  readonly subFilter: string | undefined;
  readonly claimedTime: string | undefined;
}

export async function verifyPdf(pdf: Uint8Array, trust: SignerTrust): Promise<PdfVerification> {
  const bytes = Buffer.from(pdf);
  const doc = await loadPdf(bytes);
  const dictionaries = signatureDictionaries(doc);
  if (dictionaries.length === 0) throw new SignatureError('noSignature');
  const pages = pageFingerprints(doc);
  const signatures: PdfSignatureCheck[] = [];
  for (const dictionary of dictionaries) {
    const revisionEnd = (dictionary.byteRange[2] ?? 0) + (dictionary.byteRange[3] ?? 0);
    const base = { field: dictionary.field, subFilter: dictionary.subFilter, claimedTime: dictionary.claimedTime, revisionEnd };
    try {
      const digest = coveredDigest(bytes, dictionary);
      const coverage = revisionEnd === bytes.length ? 'wholeDocument' : await appendedKind(bytes.subarray(0, revisionEnd), pages);
      try {
        signatures.push({ ...base, coverage, valid: true, signature: await verifyDetached(cmsOf(dictionary.contents), digest, trust) });
      } catch (error) {
        if (!(error instanceof SignatureError)) throw error;
        signatures.push({ ...base, coverage, valid: false, problem: error.problem, reason: error.detail.reason });
      }
    } catch (error) {
      if (!(error instanceof SignatureError)) throw error;
      signatures.push({ ...base, coverage: 'changesAppended', valid: false, problem: error.problem, reason: error.detail.reason });
    }
  }
  signatures.sort((a, b) => a.revisionEnd - b.revisionEnd);
  // A timestamp that does not hold fails the verdict too: it claims a time nobody can vouch for.
  return { valid: signatures.every((check) => check.valid && check.coverage !== 'changesAppended' && check.signature.timestamp?.valid !== false), signatures };
}

function signatureDictionaries(doc: PDFDocument): SignatureDictionary[] {
  const fields = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict) === undefined ? [] : doc.getForm().getFields();
  return fields.flatMap((field) => {
    if (!(field instanceof PDFSignature)) return [];
    const value = field.acroField.dict.lookupMaybe(PDFName.of('V'), PDFDict);
    if (value === undefined) return []; // an empty signature field: nothing signed yet
    const range = value.lookupMaybe(PDFName.of('ByteRange'), PDFArray);
    const contents = value.lookup(PDFName.of('Contents'));
    const time = value.lookup(PDFName.of('M'));
    const subFilter = value.lookupMaybe(PDFName.of('SubFilter'), PDFName);
    return [
      {
        field: field.getName(),
        byteRange: range === undefined ? [] : range.asArray().map((item) => (item instanceof PDFNumber ? item.asNumber() : Number.NaN)),
        contents: contents instanceof PDFHexString || contents instanceof PDFString ? contents.asBytes() : new Uint8Array(0),
        subFilter: subFilter?.decodeText(),
        claimedTime: time instanceof PDFHexString || time instanceof PDFString ? claimedTime(time) : undefined,
      },
    ];
  });
}

function claimedTime(time: PDFString | PDFHexString): string | undefined {
  try {
    return time.decodeDate().toISOString();
  } catch {
    return undefined; // an unreadable /M claims nothing
  }
}

/**
 * SHA-256 of the two covered ranges, after checking the ranges: from byte 0, in order, inside the
 * file, and the gap exactly "<hex>" of this dictionary's /Contents, so no other bytes go unsigned.
 */
function coveredDigest(pdf: Buffer, dictionary: SignatureDictionary): Buffer {
  const [start, firstLength, second, secondLength] = dictionary.byteRange;
  const fits = dictionary.byteRange.length === 4 && dictionary.byteRange.every((item) => Number.isSafeInteger(item) && item >= 0);
  if (!fits || start !== 0 || firstLength === undefined || second === undefined || secondLength === undefined || second <= firstLength + 1 || second + secondLength > pdf.length) {
    throw new SignatureError('byteRangeInvalid', { reason: JSON.stringify(dictionary.byteRange) });
  }
  const gap = pdf.subarray(firstLength, second).toString('latin1');
  const hex = gap.slice(1, -1);
  if (!gap.startsWith('<') || !gap.endsWith('>') || !/^[0-9a-fA-F]*$/.test(hex) || !Buffer.from(hex, 'hex').equals(Buffer.from(dictionary.contents))) {
    throw new SignatureError('byteRangeInvalid', { reason: 'gap' });
  }
  return createHash('sha256').update(pdf.subarray(0, firstLength)).update(pdf.subarray(second, second + secondLength)).digest();
}

/** /Contents is padded with zeros to its reserved size: the CMS is its first DER value, and only zeros may follow. */
function cmsOf(contents: Uint8Array): Uint8Array {
  const end = fromBER(contents).offset;
  if (end <= 0 || contents.subarray(end).some((byte) => byte !== 0)) throw new SignatureError('malformed', { reason: 'Contents' });
  return contents.subarray(0, end);
}

/** Each page's content streams and resources, hashed: what a reader sees on it. */
function pageFingerprints(doc: PDFDocument): string[] {
  return doc.getPages().map((page) => {
    const hash = createHash('sha256');
    for (const key of ['Contents', 'Resources', 'MediaBox', 'Rotate']) {
      const value = page.node.get(PDFName.of(key));
      const resolved = value === undefined ? undefined : doc.context.lookup(value);
      hash.update(key).update(resolved === undefined ? '' : resolvedBytes(doc, resolved));
    }
    return hash.digest('hex');
  });
}

function resolvedBytes(doc: PDFDocument, value: PDFObject): string {
  if (value instanceof PDFArray) return value.asArray().map((item) => resolvedBytes(doc, doc.context.lookup(item) ?? item)).join('|');
  const bytes = new Uint8Array(value.sizeInBytes());
  value.copyBytesInto(bytes, 0);
  return Buffer.from(bytes).toString('latin1');
}

/** The signed revision against the whole file: the same pages (count, content, resources) means only form fields — signatures — were added. */
async function appendedKind(revision: Uint8Array, finalPages: readonly string[]): Promise<Coverage> {
  let pages: string[];
  try {
    pages = pageFingerprints(await loadPdf(revision));
  } catch {
    return 'changesAppended';
  }
  return pages.length === finalPages.length && pages.every((page, index) => page === finalPages[index]) ? 'signaturesAppended' : 'changesAppended';
}
