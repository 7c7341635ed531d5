import type { KeyAlgorithm, TokenCertificate } from '../../../../shared/domain/certificate.js';
import type { Translate } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { culpritAbove, hexPairs } from '../../components/certificate-view.js';
import type { Detail } from '../../components/DetailList.js';
import { TechnicalDetails } from '../../components/TechnicalDetails.js';

function keyText(t: Translate, algorithm: KeyAlgorithm): string {
  switch (algorithm.kind) {
    case 'rsa':
      return t('certificate.key.rsa', { bits: algorithm.bits });
    case 'ec':
      return t('certificate.key.ec', { curve: algorithm.curve });
    case 'other':
      return algorithm.name;
  }
}

/**
 * What a cipher officer asks for over the phone, folded away so it does not crowd the plain
 * words above. Serial and fingerprints are monospace pairs, read out two characters at a time.
 */
export function CertificateTechnical({ certificate }: { certificate: TokenCertificate }) {
  const t = useT();
  const { info, label } = certificate;
  const culprit = culpritAbove(certificate);
  const details: Detail[] = [{ term: t('certificate.field.key'), value: keyText(t, info.keyAlgorithm) }];
  if (label.trim() !== '') details.push({ term: t('certificate.field.label'), value: label });
  details.push(
    { term: t('certificate.field.serial'), value: hexPairs(info.serialNumber), hex: true },
    { term: t('certificate.field.fingerprint'), value: hexPairs(info.fingerprint), hex: true },
  );
  if (culprit !== null) details.push({ term: t('certificate.field.culprit'), value: hexPairs(culprit), hex: true });
  return <TechnicalDetails details={details} />;
}
