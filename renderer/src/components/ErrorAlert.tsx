import { useEffect, useRef } from 'react';
import { alertTitleKey, errorMessageKey, errorTriesKey } from '../i18n/catalog.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';
import { MAIN_ID } from './SkipLink.js';

/**
 * The one place errors are shown: the translation of the error's key, never text or a stack from
 * the core. The alert region stays mounted, so screen readers announce what gets put into it.
 * It sits after the screen's content, so the button just pressed does not move under the pointer.
 */
interface Props {
  /** For the field it is about to name it in aria-describedby. */
  id?: string | undefined;
}

/** The title names what failed (the request, or the error when it says more): alertTitleKey. */
export function ErrorAlert({ id }: Props = {}) {
  const t = useT();
  const error = useAirlock((state) => state.lastError);
  const dismiss = useAirlock((state) => state.dismissError);
  const region = useRef<HTMLDivElement>(null);
  const tries = error === null ? null : errorTriesKey(error);
  const language = useAirlock((state) => state.language);

  // At large text sizes the alert may start below the fold; bring it into view, without animation.
  useEffect(() => {
    if (error !== null) region.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);

  // The button removes itself; hand focus to main rather than letting it fall to the page.
  const onDismiss = () => {
    dismiss();
    document.getElementById(MAIN_ID)?.focus();
  };

  return (
    <div ref={region} role="alert" className="error-alert-region">
      {error !== null && (
        <div id={id} className="error-alert">
          <p className="error-alert__title">{t(alertTitleKey(error))}</p>
          <p className="error-alert__message">{t(errorMessageKey(error))}</p>
          {/* After a wrong PIN: what the token says is left, so the next try is made knowingly. */}
          {tries !== null && <p className="error-alert__message">{t(tries)}</p>}
          {/* What failed, where the core says: the damaged part of a document, why a signer is not trusted. */}
          {error.details?.chunk !== undefined && <p className="error-alert__message">{t('document.chunk', { number: error.details.chunk + 1 })}</p>}
          {error.details?.certificateReason !== undefined && <p className="error-alert__message">{t(`certificate.invalid.${error.details.certificateReason}`)}</p>}
          {/* No write down: the zones (the policy's names) where this may be written. */}
          {error.details?.zones !== undefined && <p className="error-alert__message">{t('messaging.switchToZones', { zones: error.details.zones.map((zone) => zone[language]).join(', ') })}</p>}
          <button type="button" className="button" onClick={onDismiss}>
            {t('alert.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
