import { useEffect, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { blockCentre, shownBlock, type PageFraction, type ShownPageSize } from '../../../../shared/domain/signature-placement.js';
import { PdfPage } from '../documents/PdfPage.js';
import { PdfNotReady, usePdfReading } from '../documents/PdfReading.js';

/** What the preview learnt of the document: its page count, and the shown page's size in points (null until known, or no such page). */
export interface ShownPage {
  readonly count: number;
  readonly size: ShownPageSize | null;
}

export interface PlacementPreviewProps {
  readonly bytes: Uint8Array;
  /** The page to show, from 1; null: none (the number typed is not a page). */
  readonly page: number | null;
  /** The block's centre as picked (fractions of the shown page); drawn where the core will put it. */
  readonly spot: PageFraction;
  readonly onSpot: (spot: PageFraction) => void;
  readonly onShown: (shown: ShownPage) => void;
  /** The surface's accessible name, and the id of the words that say where the block is. */
  readonly label: string;
  readonly describedBy: string;
}

/** An arrow key's move, as fractions of the page: 5 %, or 1 % with Shift. */
const STEP = 0.05;
const FINE_STEP = 0.01;
const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/**
 * The chosen page of the PDF being signed (from memory, pdf.js as in the document viewer) with the
 * signature block's outline at its real size and place. A click or tap puts the block's centre
 * there; from the keyboard, the arrow keys move it. Both go through the rule the core places the
 * block with (blockCentre), so the outline never shows a place the block will not have.
 */
export function PlacementPreview({ bytes, ...rest }: PlacementPreviewProps) {
  const reading = usePdfReading(bytes);
  if (reading.status !== 'ready') return <PdfNotReady reading={reading} />;
  return <PlacementPage document={reading.document} {...rest} />;
}

function PlacementPage({ document, page, spot, onSpot, onShown, label, describedBy }: Omit<PlacementPreviewProps, 'bytes'> & { document: PDFDocumentProxy }) {
  const count = document.numPages;
  const shownPage = page !== null && page <= count ? page : null;
  // The size remembers its page, so another page shows no outline until its own size is known.
  const [size, setSize] = useState<{ readonly page: number; readonly size: ShownPageSize } | null>(null);
  useEffect(() => {
    let current = true;
    if (shownPage !== null) {
      void document.getPage(shownPage).then((proxy) => {
        // Scale 1: points, turned by the page's /Rotate and cut to its crop box, as the core measures it.
        const { width, height } = proxy.getViewport({ scale: 1 });
        if (current) setSize({ page: shownPage, size: { width, height } });
      });
    }
    return () => {
      current = false;
    };
  }, [document, shownPage]);
  const known = size !== null && size.page === shownPage ? size.size : null;
  useEffect(() => {
    onShown({ count, size: known });
  }, [count, known, onShown]);
  if (shownPage === null) return null;

  const place = (event: MouseEvent<HTMLDivElement>) => {
    if (known === null) return;
    const frame = event.currentTarget.getBoundingClientRect();
    onSpot(blockCentre(known, { x: (event.clientX - frame.left) / frame.width, y: (event.clientY - frame.top) / frame.height }));
  };
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const arrow = ARROWS[event.key];
    if (arrow === undefined || known === null) return;
    event.preventDefault();
    const step = event.shiftKey ? FINE_STEP : STEP;
    const from = blockCentre(known, spot);
    onSpot(blockCentre(known, { x: from.x + arrow[0] * step, y: from.y + arrow[1] * step }));
  };
  const block = known === null ? null : shownBlock(known, spot);
  const percent = (part: number, whole: number): string => `${(100 * part) / whole}%`;
  return (
    <PdfPage key={shownPage} document={document} number={shownPage} count={count}>
      {/* role application: a screen reader hands the arrow keys to the surface, which moves the block with them. */}
      <div className="placement-surface" role="application" tabIndex={0} aria-label={label} aria-describedby={describedBy} onClick={place} onKeyDown={move}>
        {known !== null && block !== null && (
          <div
            className="placement-surface__block"
            aria-hidden="true"
            style={{ left: percent(block.left, known.width), top: percent(block.top, known.height), width: percent(block.width, known.width), height: percent(block.height, known.height) }}
          />
        )}
      </div>
    </PdfPage>
  );
}
