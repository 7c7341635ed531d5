import type { DocumentJob } from './document-job.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { useT } from '../../use-t.js';
import { StatusLine } from '../../components/StatusLine.js';

/** The job's own words: each kind of job names its progress, its end and the way on. */
export interface DocumentJobTexts {
  readonly progress: 'encrypt.progress' | 'documents.decrypt.progress' | 'signing.progress';
  readonly done: 'encrypt.done' | 'documents.decrypt.done' | 'signing.done';
  readonly again: 'encrypt.again' | 'documents.decrypt.dismiss' | 'signing.again';
}

/** A running document job (progress bar, Cancel), then how it ended, with a button to go on. */
export function DocumentJobStatus({ job, texts, onCancel, onDismiss }: { job: DocumentJob; texts: DocumentJobTexts; onCancel: () => void; onDismiss: () => void }) {
  const t = useT();
  if (job.status === 'running') {
    const percent = job.total === 0 ? 0 : Math.floor((100 * job.done) / job.total);
    return (
      <div>
        <label>
          {t(texts.progress, { percent })} <progress max={100} value={percent} />
        </label>
        <button type="button" className="button" onClick={onCancel} aria-disabled={job.cancelling || undefined}>
          {t('encrypt.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div role="status">
      {job.status === 'done' ? (
        <StatusLine severity="ok">
          <p>{t(texts.done, { path: job.output })}</p>
        </StatusLine>
      ) : (
        <StatusLine severity="danger" strong>
          <p>{t(errorMessageKey(job.error))}</p>
        </StatusLine>
      )}
      <button type="button" className="button" onClick={onDismiss}>
        {t(texts.again)}
      </button>
    </div>
  );
}
