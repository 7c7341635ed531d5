import { useEffect, useId, useRef } from 'react';
import type { TokenRef } from '../../../../shared/domain/token.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { tokenKey } from '../../token-key.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { CertificateCard } from './CertificateCard.js';

/**
 * The certificates on one token. A failed read is said here, next to its token, and does not take
 * over the screen's error alert. The status region stays mounted, so "reading", "none" and a
 * failure are announced as they come.
 */
export function TokenCertificates({ token }: { token: TokenRef }) {
  const t = useT();
  const load = useAirlock((state) => state.certificates[tokenKey(token)]);
  const reload = useAirlock((state) => state.loadCertificates);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const retried = useRef(false);
  const status = load?.status ?? 'loading';

  // The retry button goes away while it works; put focus on the section rather than let it drop to the page.
  useEffect(() => {
    if (retried.current && status !== 'failed') {
      retried.current = false;
      heading.current?.focus();
    }
  }, [status]);

  const onRetry = () => {
    retried.current = true;
    void reload(token);
  };

  return (
    <section className="certificates" aria-labelledby={headingId}>
      <h4 ref={heading} id={headingId} tabIndex={-1} className="certificates__heading">
        {t('certificates.heading')}
      </h4>
      <div role="status" className="certificates__status">
        {status === 'loading' && <p className="prose">{t('certificates.loading')}</p>}
        {load?.status === 'loaded' && load.certificates.length === 0 && <p className="prose">{t('certificates.none')}</p>}
        {load?.status === 'failed' && <p className="notice notice--danger">{t(errorMessageKey(load.error))}</p>}
      </div>
      {load?.status === 'failed' && (
        <button type="button" className="button" onClick={onRetry}>
          {t('certificates.retry')}
        </button>
      )}
      {load?.status === 'loaded' && load.certificates.length > 0 && (
        <ul className="certificate-list">
          {load.certificates.map((certificate) => (
            <li key={`${certificate.keyId}:${certificate.info.fingerprint}`} className="certificate-card">
              <CertificateCard certificate={certificate} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
