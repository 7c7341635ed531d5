import { useEffect, useState, type ComponentType } from 'react';
import { useT } from '../../use-t.js';

type PdfViewer = ComponentType<{ bytes: Uint8Array }>;

// pdf.js is about half of the app's script: it is fetched the first time a PDF is opened, not at launch.
let loading: Promise<PdfViewer> | undefined;

function loadPdfViewer(): Promise<PdfViewer> {
  loading ??= import('./PdfDocument.js').then(
    (module) => module.PdfDocument,
    (error: unknown) => {
      // A refused or missing chunk: the next PDF asks for it again (whether the browser fetches it anew is its own rule).
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The PDF viewer, loaded on first use: "opening the viewer" meanwhile, the viewer's own failure message if it cannot load. */
export function LazyPdfDocument({ bytes }: { bytes: Uint8Array }) {
  const t = useT();
  const [viewer, setViewer] = useState<{ readonly Component: PdfViewer } | 'loading' | 'failed'>('loading');
  useEffect(() => {
    let current = true;
    loadPdfViewer().then(
      (Component) => {
        if (current) setViewer({ Component });
      },
      () => {
        if (current) setViewer('failed');
      },
    );
    return () => {
      current = false;
    };
  }, []);
  if (viewer === 'loading') return <p role="status">{t('documents.viewer.pdfViewerLoading')}</p>;
  if (viewer === 'failed') {
    return (
      <p role="alert" className="prose">
        {t('documents.viewer.pdfViewerFailed')}
      </p>
    );
  }
  return <viewer.Component bytes={bytes} />;
}
