import { useId, useState, type FormEvent } from 'react';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/**
 * Opening a received document: the shell's own dialog, and a path field for a shell without one
 * (the Chromium development shell) or for a path copied from elsewhere. The renderer never reads
 * the file: it hands main a path, which main checks.
 */
export function DocumentOpenForm() {
  const t = useT();
  const choose = useAirlock((state) => state.chooseDocument);
  const open = useAirlock((state) => state.openDocument);
  const dialogs = useAirlock((state) => state.documents.dialogs);
  const [path, setPath] = useState('');
  const fieldId = useId();
  const hintId = useId();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (path.trim() !== '') void open(path.trim());
  };
  return (
    <section aria-labelledby="document-open-title">
      <h2 id="document-open-title">{t('documents.open.title')}</h2>
      {dialogs !== false && (
        <button type="button" className="button button--primary" onClick={() => void choose()}>
          {t('documents.open.choose')}
        </button>
      )}
      {dialogs === false && <p className="prose">{t('documents.open.noDialog')}</p>}
      <form className="pin-form" noValidate onSubmit={onSubmit}>
        <div className="field">
          <label className="field__label" htmlFor={fieldId}>
            {t('documents.open.pathLabel')}
          </label>
          <input id={fieldId} className="field__input" value={path} spellCheck={false} autoComplete="off" aria-describedby={hintId} onChange={(event) => setPath(event.target.value)} />
          <p id={hintId} className="field__hint">
            {t('documents.open.pathHint')}
          </p>
        </div>
        <button type="submit" className="button">
          {t('documents.open.submit')}
        </button>
      </form>
    </section>
  );
}
