import { useEffect } from 'react';
import type { TokenSummary } from '../../../../shared/domain/token.js';
import { CrlImportForm } from './CrlImportForm.js';
import { KeyRotationSection } from './KeyRotationSection.js';
import { PinChangeForm } from './PinChangeForm.js';
import { TokenList } from './TokenList.js';
import { TokenPresence } from '../../components/TokenPresence.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

/**
 * Asks for every token's certificates when the screen opens and whenever the core reports a
 * change in the tokens (plugged in, pulled out, logged in): a verdict is only as fresh as its read.
 */
function useCertificateReads(tokens: readonly TokenSummary[] | null): void {
  const loadCertificates = useAirlock((state) => state.loadCertificates);
  useEffect(() => {
    for (const token of tokens ?? []) void loadCertificates(token.ref);
  }, [tokens, loadCertificates]);
}

/**
 * The tokens present, the certificates on each, the CRL import right after them (it is what a
 * "revocation unknown" verdict asks for), a PIN change, and last the data re-encryption (the
 * cipher officer's task). The CRL import
 * and the rotation need no token present: the session's unlock already opened the data.
 */
export function TokenScreen() {
  const t = useT();
  const tokens = useAirlock((state) => state.tokens);
  useCertificateReads(tokens);
  const present = tokens !== null && tokens.length > 0 ? tokens : null;
  return (
    <>
      <h1>{t('screen.token.name')}</h1>
      <p className="prose">{t('screen.token.intro')}</p>
      <TokenPresence tokens={tokens} />
      {present !== null && (
        <>
          <h2>{t('token.present')}</h2>
          <TokenList tokens={present} />
        </>
      )}
      <CrlImportForm />
      {present !== null && <PinChangeForm tokens={present} />}
      {/* The cipher officer's task, last and under its own heading: apart from the user's PIN change. */}
      <KeyRotationSection />
    </>
  );
}
