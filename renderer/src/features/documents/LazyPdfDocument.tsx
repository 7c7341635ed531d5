import { useEffect, useState, type ComponentType } from 'react';
import { useT } from '../../use-t.js';

/**
 * A view built on pdf.js, loaded on first use: pdf.js is about half of the app's script, so it is
 * fetched the first time a PDF is opened, not at launch. "Opening the viewer" meanwhile, the viewer's
 * own failure message if it cannot load.
 */
export function lazyPdfView<Props extends object>(load: () => Promise<ComponentType<Props>>): ComponentType<Props> {
  let loading: Promise<ComponentType<Props>> | undefined;
  const loadOnce = (): Promise<ComponentType<Props>> => {
    loading ??= load().catch((error: unknown) => {
      // A refused or missing chunk: the next PDF asks for it again (whether the browser fetches it anew is its own rule).
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return function LazyPdfView(props: Props) {
    const t = useT();
    const [view, setView] = useState<{ readonly Component: ComponentType<Props> } | 'loading' | 'failed'>('loading');
    useEffect(() => {
      let current = true;
      loadOnce().then(
        (Component) => {
          if (current) setView({ Component });
        },
        () => {
          if (current) setView('failed');
        },
      );
      return () => {
        current = false;
      };
    }, []);
    if (view === 'loading') return <p role="status">{t('documents.viewer.pdfViewerLoading')}</p>;
    if (view === 'failed') {
      return (
        <p role="alert" className="prose">
          {t('documents.viewer.pdfViewerFailed')}
        </p>
      );
    }
    return <view.Component {...props} />;
  };
}

/** The PDF viewer, loaded on first use. */
export const LazyPdfDocument = lazyPdfView(() => import('./PdfDocument.js').then((module) => module.PdfDocument));
