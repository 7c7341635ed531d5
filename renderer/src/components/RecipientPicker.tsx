import { useState } from 'react';
import type { DirectoryEntryView } from '../../../shared/domain/document.js';
import { filterRecipients } from '../features/documents/recipient-filter.js';
import { useT } from '../use-t.js';
import { TextField } from './TextField.js';

/**
 * Colleagues from the certificate directory (to encrypt a document for, to send a message to),
 * with a search over name, organisation, email and fingerprint. A colleague chosen and then
 * filtered out of view stays chosen: the count says how many there are.
 */
export function RecipientPicker({ directory, chosen, onChange, legend, empty }: { directory: readonly DirectoryEntryView[] | null; chosen: readonly string[]; onChange: (chosen: readonly string[]) => void; legend: string; /** What to say (and where to add colleagues) when the directory is empty. */ empty: string }) {
  const t = useT();
  const [query, setQuery] = useState('');
  if (directory === null || directory.length === 0) {
    return (
      <fieldset className="token-picker">
        <legend className="token-picker__legend">{legend}</legend>
        <p className="prose">{empty}</p>
      </fieldset>
    );
  }
  const shown = filterRecipients(directory, query);
  const hidden = chosen.filter((fingerprint) => !shown.some((entry) => entry.fingerprint === fingerprint)).length;
  return (
    <fieldset className="token-picker">
      <legend className="token-picker__legend">{legend}</legend>
      <TextField label={t('encrypt.search')} value={query} onChange={setQuery} literal hint={t('encrypt.searchHint')} />
      <p role="status" className="recipient-count">
        {hidden === 0 ? t('encrypt.chosenCount', { count: chosen.length }) : t('encrypt.chosenCountHidden', { count: chosen.length, hidden })}
      </p>
      {shown.length === 0 && <p className="prose">{t('encrypt.noMatch')}</p>}
      {shown.map((entry) => (
        <label key={entry.fingerprint} className="token-option">
          <input
            type="checkbox"
            className="token-option__input"
            disabled={!entry.valid}
            checked={chosen.includes(entry.fingerprint)}
            onChange={(event) => onChange(event.target.checked ? [...chosen, entry.fingerprint] : chosen.filter((item) => item !== entry.fingerprint))}
          />
          <span className="token-option__text">
            <span className="token-option__label">{entry.name}</span> {entry.organization !== undefined && <span className="token-option__line">{entry.organization} </span>}
            {entry.email !== undefined && <span className="token-option__line file-path">{entry.email} </span>}
            {!entry.valid && entry.reason !== undefined && <span className="token-option__line">{t('encrypt.colleagueInvalid', { reason: t(`certificate.invalid.${entry.reason}`) })}</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
