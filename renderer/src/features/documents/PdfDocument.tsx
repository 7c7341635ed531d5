import { useState } from 'react';
import { useT } from '../../use-t.js';
import { PdfPage } from './PdfPage.js';
import { PdfNotReady, usePdfReading } from './PdfReading.js';

// The one lazily loaded module of the views built on pdf.js (its chunk, PdfDocument-*.js, holds
// pdf.js): the signature placement preview is loaded through it too, so the two views share one
// chunk instead of Rollup splitting their common part into a third script to fetch and pin.
export { PlacementPreview } from '../signing/PlacementPreview.js';

/**
 * A PDF from memory, one page at a time with its number and the way to the others. pdf.js parses
 * it in a worker that ends, with the document, when the view goes (close, lock, another document).
 */
export function PdfDocument({ bytes }: { bytes: Uint8Array }) {
  const t = useT();
  const reading = usePdfReading(bytes);
  const [page, setPage] = useState(1);
  if (reading.status !== 'ready') return <PdfNotReady reading={reading} />;

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
