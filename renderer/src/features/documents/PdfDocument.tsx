import { useEffect, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { MessageKey } from '../../i18n/catalog.js';
import { failureOf, readPdf, type PdfFailure } from './pdf-reading.js';
import { useT } from '../../use-t.js';
import { PdfPage } from './PdfPage.js';

type Reading =
  | { readonly status: 'opening' }
  | { readonly status: 'ready'; readonly document: PDFDocumentProxy }
  | { readonly status: 'failed'; readonly failure: PdfFailure };

const FAILURE_MESSAGES = {
  password: 'documents.viewer.pdfPassword',
  unreadable: 'documents.viewer.pdfUnreadable',
  viewer: 'documents.viewer.pdfViewerFailed',
} as const satisfies Record<PdfFailure, MessageKey>;

/**
 * A PDF from memory, one page at a time with its number and the way to the others. pdf.js parses
 * it in a worker that ends, with the document, when the view goes (close, lock, another document).
 */
export function PdfDocument({ bytes }: { bytes: Uint8Array }) {
  const t = useT();
  // Each result remembers its bytes, so other bytes show "opening" until their own result arrives.
  const [result, setResult] = useState<{ readonly bytes: Uint8Array; readonly reading: Reading } | null>(null);
  const [page, setPage] = useState(1);

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

  const reading: Reading = result?.bytes === bytes ? result.reading : { status: 'opening' };
  if (reading.status === 'opening') return <p role="status">{t('documents.viewer.pdfOpening')}</p>;
  if (reading.status === 'failed') {
    return (
      <p role="alert" className="prose">
        {t(FAILURE_MESSAGES[reading.failure])}
      </p>
    );
  }

  const count = reading.document.numPages;
  const shown = Math.min(Math.max(page, 1), count);
  return (
    <div className="pdf-document">
      <nav className="pdf-document__pages" aria-label={t('documents.viewer.pdfPages')}>
        {/* aria-disabled, not disabled: a disabled button would drop keyboard focus to the page. */}
        <button type="button" className="button" aria-disabled={shown <= 1 || undefined} onClick={() => setPage(Math.max(1, shown - 1))}>
          {t('documents.viewer.pdfPrevious')}
        </button>
        <p aria-live="polite">{t('documents.viewer.pdfPage', { number: shown, count })}</p>
        <button type="button" className="button" aria-disabled={shown >= count || undefined} onClick={() => setPage(Math.min(count, shown + 1))}>
          {t('documents.viewer.pdfNext')}
        </button>
      </nav>
      <PdfPage key={shown} document={reading.document} number={shown} count={count} />
    </div>
  );
}
