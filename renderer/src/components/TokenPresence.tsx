import type { TokenSummary } from '../../../shared/domain/token.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/**
 * Says when there is no token to work with. The status region stays mounted, so plugging a token
 * in or pulling it out is announced as it happens (the core's tokens.changed event).
 */
export function TokenPresence({ tokens }: { tokens: readonly TokenSummary[] | null }) {
  const t = useT();
  const busy = useAirlock((state) => state.busy.refresh);
  const refresh = useAirlock((state) => state.refresh);
  // No list while the token process restarts: that is a wait, not a missing token (nor a dead end).
  const restarting = useAirlock((state) => state.tokenService?.restarting === true);
  // No driver to load: plugging a token in would not help, so say what is missing.
  const moduleMissing = useAirlock((state) => state.tokenService?.moduleMissing === true);
  // Null: the core has not given the list (yet). Offer to ask again rather than pretend none is there.
  const unknown = tokens === null && !busy;
  return (
    <>
      <div role="status" className="token-presence">
        {tokens === null && busy && <p className="prose">{t('token.searching')}</p>}
        {unknown && <p className="prose">{t('token.listUnknown')}</p>}
        {tokens?.length === 0 && <p className="notice">{t(moduleMissing ? 'error.token.noModule' : restarting ? 'token.serviceRestarting' : 'token.none')}</p>}
      </div>
      {unknown && (
        <button type="button" className="button" onClick={() => void refresh()}>
          {t('token.retry')}
        </button>
      )}
    </>
  );
}
