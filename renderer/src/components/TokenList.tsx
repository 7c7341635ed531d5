import type { TokenSummary } from '../../../shared/domain/token.js';
import type { MessageKey } from '../i18n/catalog.js';
import { useT } from '../use-t.js';
import { tokenKey } from './token-choice.js';

type Field = Extract<MessageKey, `token.field.${string}`>;

/** What a cipher officer asks over the phone: which token, and what state its PIN is in. */
export function TokenList({ tokens }: { tokens: readonly TokenSummary[] }) {
  const t = useT();
  const orUnknown = (text: string) => (text.trim() === '' ? t('token.field.unknown') : text);
  return (
    <ul className="token-list">
      {tokens.map((token) => {
        const rows: readonly (readonly [Field, string])[] = [
          ['token.field.serial', token.ref.serial],
          ['token.field.manufacturer', orUnknown(token.manufacturer)],
          ['token.field.model', orUnknown(token.model)],
          ['token.field.login', t(token.loggedIn ? 'token.loggedIn' : 'token.loggedOut')],
          ['token.field.pin', t(`pinTries.${token.pinTries}`)],
        ];
        return (
          <li key={tokenKey(token.ref)} className="token-card">
            <h3 className="token-card__label">{token.ref.label}</h3>
            <dl className="token-details">
              {rows.map(([label, value]) => (
                <div key={label} className="token-details__row">
                  <dt className="token-details__term">{t(label)}</dt>
                  <dd className="token-details__value">{value}</dd>
                </div>
              ))}
            </dl>
            {token.pinMustChange && <p className="notice">{t('token.pinMustChange')}</p>}
          </li>
        );
      })}
    </ul>
  );
}
