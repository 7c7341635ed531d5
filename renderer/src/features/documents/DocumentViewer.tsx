import { useEffect, useRef } from 'react';
import type { DocumentView } from './documents.js';
import { useT } from '../../use-t.js';
import { LazyPdfDocument } from './LazyPdfDocument.js';

/**
 * The content, from memory only: text as text, raster images through a blob URL that is revoked
 * when the view goes (close, lock, another document), PDF pages drawn by pdf.js and dropped with
 * the view. Nothing is written anywhere.
 */
export function DocumentViewer({ view }: { view: DocumentView }) {
  const t = useT();
  return (
    <section className="document-viewer" aria-labelledby="document-viewer-title">
      <h3 id="document-viewer-title">{t('documents.viewer.title')}</h3>
      {view.status === 'loading' && <p role="status">{t('documents.viewer.loading')}</p>}
      {view.status === 'text' && (
        <pre className="document-viewer__text" tabIndex={0}>
          {view.text}
        </pre>
      )}
      {view.status === 'image' && <MemoryImage bytes={view.bytes} mediaType={view.mediaType} alt={t('documents.viewer.image')} />}
      {view.status === 'pdf' && <LazyPdfDocument bytes={view.bytes} />}
      {view.status === 'unsupported' && <p className="prose">{t('documents.viewer.unsupported', { type: view.mediaType || '?' })}</p>}
    </section>
  );
}

/** The blob URL lives exactly as long as the image element shows these bytes. */
function MemoryImage({ bytes, mediaType, alt }: { bytes: Uint8Array; mediaType: string; alt: string }) {
  const image = useRef<HTMLImageElement>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: mediaType }));
    if (image.current !== null) image.current.src = url;
    return () => URL.revokeObjectURL(url);
  }, [bytes, mediaType]);
  return <img ref={image} className="document-viewer__image" alt={alt} />;
}
