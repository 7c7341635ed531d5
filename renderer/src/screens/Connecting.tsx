import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/** Shown until the core says whether the session is locked: no screens before that is known. */
export function Connecting() {
  const t = useT();
  const busy = useAirlock((state) => state.busy.refresh);
  const failed = useAirlock((state) => state.lastError !== null);
  const refresh = useAirlock((state) => state.refresh);
  return (
    <>
      <h1>{t('connecting.title')}</h1>
      <p className="prose" role="status">
        {t('connecting.body')}
      </p>
      {failed && (
        <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={() => void refresh()}>
          {t('connecting.retry')}
        </button>
      )}
    </>
  );
}
