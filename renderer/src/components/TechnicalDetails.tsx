import { useT } from '../use-t.js';
import { DetailList, type Detail } from './DetailList.js';

/**
 * What a cipher officer or inspector asks for (fingerprints, hashes, signatures, RFC 4514 names),
 * folded under "Technical details" so it does not crowd the plain words above. One disclosure for
 * every screen that has such data, so it looks and reads the same everywhere.
 */
export function TechnicalDetails({ details }: { details: readonly Detail[] }) {
  const t = useT();
  if (details.length === 0) return null;
  return (
    <details className="certificate-technical">
      <summary className="certificate-technical__summary">{t('certificate.technical')}</summary>
      <DetailList details={details} className="certificate-technical__list" />
    </details>
  );
}
