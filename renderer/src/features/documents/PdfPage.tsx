import { useEffect, useRef, useState, type ReactNode } from 'react';
import { TextLayer, type PDFDocumentProxy, type RenderTask } from 'pdfjs-dist';
import { useT } from '../../use-t.js';

/** Pages are drawn to fit the viewer's width, within these zoom bounds (1 = 72 dpi, the PDF's own unit). */
const MIN_SCALE = 0.5;
const MAX_SCALE = 2;

/**
 * One page: pixels on a canvas (hidden from screen readers) and pdf.js's text layer over it, so
 * the words can be selected and read aloud. Both are emptied when the page goes. `children` lie
 * over the page, in a frame the page's size (the signature placement's surface).
 */
export function PdfPage({ document, number, count, children }: { document: PDFDocumentProxy; number: number; count: number; children?: ReactNode }) {
  const t = useT();
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);
  // The parent keys each page by its number, so a new page starts unfailed.
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const box = frame.current;
    const surface = canvas.current;
    const layer = text.current;
    if (box === null || surface === null || layer === null) return;
    let gone = false;
    let drawing: RenderTask | null = null;
    let words: TextLayer | null = null;
    const draw = async () => {
      const page = await document.getPage(number);
      if (gone) return;
      const natural = page.getViewport({ scale: 1 });
      // The frame's border is outside the page's size (content-box), so the canvas and pdf.js's text
      // layer, which sizes itself from the scale, are the same size and the page fits its column.
      const border = box.offsetWidth - box.clientWidth;
      const available = (box.parentElement?.clientWidth ?? natural.width + border) - border;
      const viewport = page.getViewport({ scale: Math.min(MAX_SCALE, Math.max(MIN_SCALE, available / natural.width)) });
      const ratio = window.devicePixelRatio || 1;
      // CSSOM properties, not a style attribute: the CSP's style-src allows these.
      box.style.setProperty('--total-scale-factor', String(viewport.scale));
      box.style.width = `${Math.floor(viewport.width)}px`;
      box.style.height = `${Math.floor(viewport.height)}px`;
      surface.width = Math.floor(viewport.width * ratio);
      surface.height = Math.floor(viewport.height * ratio);
      drawing = page.render({ canvas: surface, viewport, ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }) });
      await drawing.promise;
      if (gone) return;
      words = new TextLayer({ textContentSource: page.streamTextContent(), container: layer, viewport });
      await words.render();
    };
    draw().catch(() => {
      if (!gone) setFailed(true);
    });
    return () => {
      gone = true;
      drawing?.cancel();
      words?.cancel();
      // Drop the page's words and pixels now, not at the next garbage collection.
      layer.replaceChildren();
      surface.getContext('2d')?.clearRect(0, 0, surface.width, surface.height);
      surface.width = 0;
      surface.height = 0;
    };
  }, [document, number]);

  return (
    <figure className="pdf-page" aria-label={t('documents.viewer.pdfPage', { number, count })}>
      {failed && <p className="prose">{t('documents.viewer.pdfPageFailed', { number })}</p>}
      <div ref={frame} className="pdf-page__frame">
        <canvas ref={canvas} className="pdf-page__canvas" aria-hidden="true" />
        <div ref={text} className="pdf-page__text" />
        {children}
      </div>
    </figure>
  );
}
