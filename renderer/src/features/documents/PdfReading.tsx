import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { MessageKey } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { failureOf, readPdf, type PdfFailure } from './pdf-reading.js';

export type PdfReadingState =
  | { readonly status: 'opening' }
  | { readonly status: 'ready'; readonly document: PDFDocumentProxy }
  | { readonly status: 'failed'; readonly failure: PdfFailure };

const FAILURE_MESSAGES = {
  password: 'documents.viewer.pdfPassword',
  unreadable: 'documents.viewer.pdfUnreadable',
  viewer: 'documents.viewer.pdfViewerFailed',
} as const satisfies Record<PdfFailure, MessageKey>;

/**
 * A PDF from memory, read by pdf.js in a worker that ends, with the document, when the caller goes
 * (close, lock, other bytes): the document viewer's and the signature placement preview's reading.
 */
export function usePdfReading(bytes: Uint8Array): PdfReadingState {
  // Each result remembers its bytes, so other bytes show "opening" until their own result arrives.
  const [result, setResult] = useState<{ readonly bytes: Uint8Array; readonly reading: PdfReadingState } | null>(null);
  useEffect(() => {
    const reading = readPdf(bytes);
    let current = true;
    reading.document.then(
      (document) => {
        if (current) setResult({ bytes, reading: { status: 'ready', document } });
      },
      (error: unknown) => {
        if (current) setResult({ bytes, reading: { status: 'failed', failure: failureOf(error) } });
      },
    );
    return () => {
      current = false;
      void reading.close();
    };
  }, [bytes]);
  return result?.bytes === bytes ? result.reading : { status: 'opening' };
}

/** What is shown while the document is not ready: "opening", or why it cannot be shown. */
export function PdfNotReady({ reading }: { reading: Exclude<PdfReadingState, { status: 'ready' }> }) {
  const t = useT();
  if (reading.status === 'opening') return <p role="status">{t('documents.viewer.pdfOpening')}</p>;
  return (
    <p role="alert" className="prose">
      {t(FAILURE_MESSAGES[reading.failure])}
    </p>
  );
}
