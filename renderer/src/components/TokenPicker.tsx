import { useId } from 'react';
import type { TokenSummary } from '../../../shared/domain/token.js';
import { useT } from '../use-t.js';
import { tokenKey } from '../token-key.js';

interface Props {
  legend: string;
  tokens: readonly TokenSummary[];
  chosen: TokenSummary | undefined;
  onChoose: (key: string) => void;
}

/**
 * One radio per token present. The whole card is the label, so it is a large target and its text
 * (label, device, serial) is the radio's name: two tokens with the same label still differ by serial.
 */
export function TokenPicker({ legend, tokens, chosen, onChoose }: Props) {
  const t = useT();
  const name = useId();
  const legendId = useId();
  const chosenKey = chosen === undefined ? null : tokenKey(chosen.ref);
  return (
    <fieldset className="token-picker" role="radiogroup" aria-labelledby={legendId}>
      <legend id={legendId} className="token-picker__legend">
        {legend}
      </legend>
      {tokens.map((token) => {
        const key = tokenKey(token.ref);
        const device = [token.manufacturer, token.model].map((part) => part.trim()).filter((part) => part !== '').join(' ');
        return (
          <label key={key} className="token-option">
            <input
              type="radio"
              className="token-option__input"
              name={name}
              value={key}
              checked={key === chosenKey}
              onChange={() => {
                onChoose(key);
              }}
            />
            <span className="token-option__text">
              <span className="token-option__label">{token.ref.label}</span>{' '}
              {device !== '' && <span className="token-option__line">{t('token.device', { name: device })} </span>}
              <span className="token-option__line">{t('token.serial', { serial: token.ref.serial })}</span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
