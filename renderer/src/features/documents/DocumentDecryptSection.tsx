import { useState, type FormEvent } from 'react';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { DocumentJobStatus } from './DocumentJobStatus.js';
import { TextField } from '../../components/TextField.js';

/**
 * A received container too large to hold in memory for the viewer: it can still be decrypted,
 * straight to a file. That is a plaintext export (the same warning, the same policy), run as a
 * job with progress and Cancel; the file appears only once every check passed.
 */
export function DocumentDecryptSection({ source }: { source: string }) {
  const t = useT();
  const decryption = useAirlock((state) => state.documents.decryption);
  const dialogs = useAirlock((state) => state.documents.dialogs);
  const decrypt = useAirlock((state) => state.decryptDocumentToFile);
  const cancel = useAirlock((state) => state.cancelDecryption);
  const dismiss = useAirlock((state) => state.dismissTooLarge);
  const [path, setPath] = useState('');
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void decrypt(dialogs === true ? null : path.trim());
  };
  return (
    <section aria-labelledby="document-decrypt-title">
      <h2 id="document-decrypt-title">{t('documents.decrypt.title')}</h2>
      <p className="prose">{t('documents.decrypt.intro', { path: source })}</p>
      {decryption === null ? (
        <form className="pin-form" noValidate onSubmit={onSubmit}>
          <p className="prose">{t('documents.export.warning')}</p>
          {dialogs !== true && <TextField label={t('documents.export.pathLabel')} value={path} onChange={setPath} literal />}
          <button type="submit" className="button button--primary">
            {t('documents.decrypt.submit')}
          </button>
          <button type="button" className="button" onClick={dismiss}>
            {t('documents.decrypt.dismiss')}
          </button>
        </form>
      ) : (
        <DocumentJobStatus job={decryption} texts={{ progress: 'documents.decrypt.progress', done: 'documents.decrypt.done', again: 'documents.decrypt.dismiss' }} onCancel={() => void cancel()} onDismiss={dismiss} />
      )}
    </section>
  );
}
