import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';

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
        <TextField label={t('documents.open.pathLabel')} value={path} onChange={setPath} literal hint={t('documents.open.pathHint')} />
        <button type="submit" className="button">
          {t('documents.open.submit')}
        </button>
      </form>
    </section>
  );
}
