// The PDF verifier and the signer refuse a structurally broken PDF as notPdf with the part at fault,
// from their own reading of it: no TypeError from a catalog that is not there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withSignaturePlaceholder } from '../../../electron/core/document-signing/pdf-incremental-placeholder.js';
import { verifyPdf } from '../../../electron/core/document-signing/pdf-signature-verifier.js';
import { SignatureError } from '../../../electron/core/document-signing/signature-error.js';
import { TrustAnchors } from '../../../electron/core/certificates/trust-anchors.js';
import { BROKEN_PDF_REASONS, brokenPdf, type BrokenPdf } from '../../support/broken-pdfs.js';
import { textPdf } from '../../support/text-pdf.js';

// Nothing is trusted: none of these files gets as far as a signer.
const trust = { anchors: TrustAnchors.load([]), intermediates: [], crls: { status: () => Promise.reject(new Error('not reached')) }, now: () => new Date() };
const refusal = async (work: Promise<unknown>): Promise<[string, string | undefined]> => {
  try {
    await work;
    return ['no error', undefined];
  } catch (error) {
    return error instanceof SignatureError ? [error.problem, error.detail.reason] : [`other: ${String(error)}`, undefined];
  }
};

describe('a structurally broken PDF', () => {
  for (const kind of Object.keys(BROKEN_PDF_REASONS) as BrokenPdf[]) {
    it(`${kind}: the verifier says notPdf (${BROKEN_PDF_REASONS[kind]}), and so does the placeholder`, async () => {
      assert.deepEqual(await refusal(verifyPdf(brokenPdf(kind), trust)), ['notPdf', BROKEN_PDF_REASONS[kind]]);
      const request = { name: 'An', reason: '', location: '', signingTime: new Date() };
      assert.deepEqual(await refusal(withSignaturePlaceholder(brokenPdf(kind), request)), ['notPdf', BROKEN_PDF_REASONS[kind]]);
    });
  }

  it('not a PDF at all: notPdf (no header); the sound PDF it was made from is read (noSignature: nothing signed yet)', async () => {
    assert.deepEqual(await refusal(verifyPdf(Buffer.from('%PDF-1.7\nkhông phải PDF\n'), trust)), ['notPdf', 'truncated']);
    assert.deepEqual(await refusal(verifyPdf(Buffer.from('Xin chào'), trust)), ['notPdf', 'no header']);
    assert.deepEqual(await refusal(verifyPdf(textPdf([['Quyet dinh']]), trust)), ['noSignature', undefined]);
  });
});
