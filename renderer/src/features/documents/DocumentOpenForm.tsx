import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/TextField.js';
import { FileChooser, TypedPathDisclosure } from '../../components/FileChooser.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { CONTAINER_EXTENSION } from './document-drop.js';

/**
 * Opening a received document: a file chooser (the shell's dialog or the browser's), and a typed
 * path folded away for a path copied from elsewhere. The renderer never reads the file: it hands
 * main a path, which main checks.
 */
export function DocumentOpenForm() {
  const t = useT();
  const open = useAirlock((state) => state.openDocument);
  const [path, setPath] = useState('');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (path.trim() !== '') void open(path.trim());
  };
  return (
    <section aria-labelledby="document-open-title">
      <h2 id="document-open-title">{t('documents.open.title')}</h2>
      <FileChooser label={t('documents.open.choose')} purpose="container" accept={CONTAINER_EXTENSION} primary onChosen={([chosen]) => chosen !== undefined && void open(chosen)} />
      <TypedPathDisclosure>
        <form className="pin-form" noValidate onSubmit={onSubmit}>
          <TextField label={t('documents.open.pathLabel')} value={path} onChange={setPath} literal hint={t('documents.open.pathHint')} />
          <button type="submit" className="button">
            {t('documents.open.submit')}
          </button>
        </form>
      </TypedPathDisclosure>
    </section>
  );
}
