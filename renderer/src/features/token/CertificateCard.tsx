import type { TokenCertificate } from '../../../../shared/domain/certificate.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { CertificateTechnical } from './CertificateTechnical.js';
import { CertificateVerdict, ExpiryNotice } from '../../components/CertificateStatus.js';
import { authorityName, holderName } from '../../components/certificate-view.js';
import { DetailList, type Detail } from '../../components/DetailList.js';

/**
 * One certificate in plain words: whose it is, whether it can be trusted, who issued it and until
 * when. The holder's name is the heading, so a certificate can be found by person.
 */
export function CertificateCard({ certificate }: { certificate: TokenCertificate }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const { subject, issuer, notBefore, notAfter } = certificate.info;
  const date = (iso: string) => formatMoment(language, iso)?.date ?? t('token.field.unknown');
  // Fields a certificate may leave out are left out here too, rather than shown as "not known".
  const given = (term: string, value: string | undefined): Detail[] => (value === undefined || value.trim() === '' ? [] : [{ term, value }]);
  const details: readonly Detail[] = [
    ...given(t('certificate.field.organization'), subject.organization),
    ...given(t('certificate.field.units'), subject.organizationalUnits.join(', ')),
    ...given(t('certificate.field.province'), subject.province),
    { term: t('certificate.field.issuer'), value: authorityName(issuer) },
    { term: t('certificate.field.purpose'), value: t(`certificate.purpose.${certificate.purpose}`) },
    { term: t('certificate.field.validFrom'), value: date(notBefore) },
    { term: t('certificate.field.validUntil'), value: date(notAfter) },
  ];
  return (
    <>
      <h5 className="certificate-card__holder">{holderName(certificate)}</h5>
      <CertificateVerdict certificate={certificate} />
      <ExpiryNotice daysLeft={certificate.daysLeft} />
      <DetailList details={details} />
      <CertificateTechnical certificate={certificate} />
    </>
  );
}
