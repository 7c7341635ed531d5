import type { TokenSummary } from '../../../../shared/domain/token.js';
import { tokenKey } from '../../token-key.js';
import { useT } from '../../use-t.js';
import { DetailList } from '../../components/DetailList.js';
import { TokenCertificates } from './TokenCertificates.js';

/**
 * What a cipher officer asks over the phone: which token, what state its PIN is in, and which
 * certificates it holds.
 */
export function TokenList({ tokens }: { tokens: readonly TokenSummary[] }) {
  const t = useT();
  const orUnknown = (text: string) => (text.trim() === '' ? t('token.field.unknown') : text);
  return (
    <ul className="token-list">
      {tokens.map((token) => (
        <li key={tokenKey(token.ref)} className="token-card">
          <h3 className="token-card__label">{token.ref.label}</h3>
          <DetailList
            details={[
              { term: t('token.field.serial'), value: token.ref.serial },
              { term: t('token.field.manufacturer'), value: orUnknown(token.manufacturer) },
              { term: t('token.field.model'), value: orUnknown(token.model) },
              { term: t('token.field.login'), value: t(token.loggedIn ? 'token.loggedIn' : 'token.loggedOut') },
              { term: t('token.field.pin'), value: t(`pinTries.${token.pinTries}`) },
            ]}
          />
          {token.pinMustChange && <p className="notice">{t('token.pinMustChange')}</p>}
          <TokenCertificates token={token.ref} />
        </li>
      ))}
    </ul>
  );
}
