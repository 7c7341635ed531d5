import { useState, type FormEvent } from 'react';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { DocumentJobStatus } from './DocumentJobStatus.js';
import { isPlainFileName, OutputName } from '../../components/OutputName.js';
import { inFolder } from '../../../../shared/domain/file-name.js';

/**
 * A received container too large to hold in memory for the viewer: it can still be decrypted,
 * straight to a file. That is a plaintext export (the same warning, the same policy), run as a
 * job with progress and Cancel; the file appears only once every check passed. It goes to the
 * folder for decrypted files under the sender's own file name (main reads it from the signed
 * metadata), or under the name the user writes; Electron's save dialog chooses elsewhere.
 */
export function DocumentDecryptSection({ source }: { source: string }) {
  const t = useT();
  const decryption = useAirlock((state) => state.documents.decryption);
  const places = useAirlock((state) => state.documents.places);
  const decrypt = useAirlock((state) => state.decryptDocumentToFile);
  const cancel = useAirlock((state) => state.cancelDecryption);
  const dismiss = useAirlock((state) => state.dismissTooLarge);
  const [name, setName] = useState('');
  const [problem, setProblem] = useState(false);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Left empty: the sender's file name.
    const bad = name.trim() !== '' && !isPlainFileName(name);
    setProblem(bad);
    if (places === null || bad) return;
    void decrypt(name.trim() === '' ? { folder: places.exports } : { path: inFolder(places.exports, name.trim()) });
  };
  return (
    <section aria-labelledby="document-decrypt-title">
      <h2 id="document-decrypt-title">{t('documents.decrypt.title')}</h2>
      <p className="prose">{t('documents.decrypt.intro', { path: source })}</p>
      {decryption === null ? (
        <form className="pin-form" noValidate onSubmit={onSubmit}>
          <p className="prose">{t('documents.export.warning')}</p>
          <OutputName folder={places?.exports ?? null} name={name} onChange={setName} hint={t('documents.decrypt.nameHint')} problem={problem} />
          <div className="button-row">
            <button type="submit" className="button button--primary">
              {t('documents.decrypt.submit')}
            </button>
            {places?.dialogs === true && (
              <button type="button" className="button" onClick={() => void decrypt(null)}>
                {t('files.chooseSave')}
              </button>
            )}
            <button type="button" className="button" onClick={dismiss}>
              {t('documents.decrypt.dismiss')}
            </button>
          </div>
        </form>
      ) : (
        <DocumentJobStatus job={decryption} texts={{ progress: 'documents.decrypt.progress', done: 'documents.decrypt.done', again: 'documents.decrypt.dismiss' }} onCancel={() => void cancel()} onDismiss={dismiss} />
      )}
    </section>
  );
}
