import type { PinTries } from '../../../shared/domain/token.js';
import { triesWarningKey } from '../i18n/catalog.js';
import { useT } from '../use-t.js';

/**
 * Said before the user types, so the last try is never spent by surprise. Nothing when all is
 * well. The text carries the meaning; the red edge for the last try and "locked" is only an aid.
 */
export function TriesWarning({ tries, id }: { tries: PinTries; id?: string }) {
  const t = useT();
  const key = triesWarningKey(tries);
  if (key === null) return null;
  return (
    <p id={id} className={tries === 'fewLeft' ? 'notice' : 'notice notice--danger'}>
      {t(key)}
    </p>
  );
}
