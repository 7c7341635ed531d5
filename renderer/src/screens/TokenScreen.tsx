import { PinChangeForm } from '../components/PinChangeForm.js';
import { TokenList } from '../components/TokenList.js';
import { TokenPresence } from '../components/TokenPresence.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/** The tokens present and a PIN change. Certificates come later, with their own part of the core. */
export function TokenScreen() {
  const t = useT();
  const tokens = useAirlock((state) => state.tokens);
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
