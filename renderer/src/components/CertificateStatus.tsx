import type { TokenCertificate } from '../../../shared/domain/certificate.js';
import { expiryWarningKey } from '../i18n/catalog.js';
import { useT } from '../use-t.js';
import { culpritAbove, trustedRoot, verdictSeverity } from './certificate-view.js';
import { StatusLine } from './StatusLine.js';

/** What the pinned roots and the cached CRLs say of the certificate, and what to do about it. */
export function CertificateVerdict({ certificate }: { certificate: TokenCertificate }) {
  const t = useT();
  const { validation } = certificate;
  const severity = verdictSeverity(validation);
  if (validation.status === 'valid') {
    const root = trustedRoot(validation.chain) ?? t('token.field.unknown');
    return <StatusLine severity={severity}>{t('certificate.valid', { root })}</StatusLine>;
  }
  return (
    <>
      <StatusLine severity={severity}>{t(`certificate.invalid.${validation.reason}`)}</StatusLine>
      {/* The same reason means another call to make when it is the CA's certificate, not the holder's. */}
      {culpritAbove(certificate) !== null && <p className="status-line__more">{t('certificate.culpritIssuer')}</p>}
    </>
  );
}

/** Said a month ahead, so renewal is arranged before signing stops; nothing when the end is far off. */
export function ExpiryNotice({ daysLeft }: { daysLeft: number }) {
  const t = useT();
  const key = expiryWarningKey(daysLeft);
  if (key === null) return null;
  if (key === 'certificate.expiry.expired') {
    return (
      <StatusLine severity="danger" strong>
        {t(key)}
      </StatusLine>
    );
  }
  return <StatusLine severity="warning">{key === 'certificate.expiry.soon' ? t(key, { days: daysLeft }) : t(key)}</StatusLine>;
}
