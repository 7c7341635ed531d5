import { useEffect } from 'react';
import type { TokenSummary } from '../../../shared/domain/token.js';
import { PinChangeForm } from '../components/PinChangeForm.js';
import { TokenList } from '../components/TokenList.js';
import { TokenPresence } from '../components/TokenPresence.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

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

/** The tokens present, the certificates on each, and a PIN change. */
export function TokenScreen() {
  const t = useT();
  const tokens = useAirlock((state) => state.tokens);
  useCertificateReads(tokens);
  return (
    <>
      <h1>{t('screen.token.name')}</h1>
      <p className="prose">{t('screen.token.intro')}</p>
      <TokenPresence tokens={tokens} />
      {tokens !== null && tokens.length > 0 && (
        <>
          <h2>{t('token.present')}</h2>
          <TokenList tokens={tokens} />
          <PinChangeForm tokens={tokens} />
        </>
      )}
    </>
  );
}
