import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { baseNameOf, folderOf, inFolder } from '../../../../shared/domain/file-name.js';
import { FileChooser } from '../../components/FileChooser.js';
import { FormProblem } from '../../components/FormProblem.js';
import { isPlainFileName, OutputName } from '../../components/OutputName.js';
import { useFileDrop } from '../../components/use-file-drop.js';
import { formatCount } from '../../i18n/format.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { DocumentJobStatus } from '../documents/DocumentJobStatus.js';
import { LazyPdfDocument } from '../documents/LazyPdfDocument.js';
import type { PageFraction } from '../../../../shared/domain/signature-placement.js';
import { PlacementPicker, placeCentre } from './PlacementPicker.js';
import { SignaturePinField, takeSignaturePin } from './SignaturePinField.js';
import { CheckedFileView } from './SignatureReportView.js';
import { usePdfBytes } from './pdf-bytes.js';
import { isPdfPath, signedContentOf } from './signing.js';

/**
 * Sign documents ("Ký số văn bản"): a file signed on the token as a new file beside it (PAdES for
 * a PDF, a .p7s for any other file), shown checked as its receiver will check it; and a received
 * signed PDF or .p7s checked, the document beside its signatures.
 */
export function SigningScreen() {
  const t = useT();
  const loadPlaces = useAirlock((state) => state.loadPlaces);
  const loadOptions = useAirlock((state) => state.loadSigningOptions);
  useEffect(() => {
    void loadPlaces();
    void loadOptions();
  }, [loadPlaces, loadOptions]);
  return (
    <>
      <h1>{t('screen.signing.name')}</h1>
      <p className="prose">{t('screen.signing.intro')}</p>
      <SignSection />
      <CheckSection />
    </>
  );
}

function SignSection() {
  const t = useT();
  const job = useAirlock((state) => state.signing.job);
  const signed = useAirlock((state) => state.signing.signed);
  const cancel = useAirlock((state) => state.cancelSigning);
  const again = useAirlock((state) => state.signAnother);
  return (
    <section aria-labelledby="sign-title" className="pin-form">
      <h2 id="sign-title">{t('signing.sign.title')}</h2>
      {job === null ? (
        <SignForm />
      ) : (
        <>
          <DocumentJobStatus job={job} texts={{ progress: 'signing.progress', done: 'signing.done', again: 'signing.again' }} onCancel={() => void cancel()} onDismiss={again} />
          {job.status === 'done' && signed !== null && <CheckedFileView checked={signed} title={t('signing.signedCheck')} />}
        </>
      )}
    </section>
  );
}

/** A file chooser that also takes a file dropped on it (the drop is an addition: the button does the same from the keyboard). */
function ChooseOrDrop({ label, onPath, children }: { label: string; onPath: (path: string) => void; children?: ReactNode }) {
  const t = useT();
  const pathsOfFiles = useAirlock((state) => state.pathsOfFiles);
  const { dragging, handlers } = useFileDrop((items) => {
    const [first] = items;
    if (first !== undefined && !first.isFolder) void pathsOfFiles([first.file]).then(([path]) => path !== null && path !== undefined && onPath(path));
  });
  return (
    <div className={dragging ? 'file-choice drop-zone drop-zone--active' : 'file-choice drop-zone'} {...handlers}>
      <p className="drop-zone__hint prose">{t('signing.dropHint')}</p>
      <FileChooser label={label} purpose="plaintext" primary onChosen={([path]) => path !== undefined && onPath(path)} />
      {children}
    </div>
  );
}

function SignForm() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const source = useAirlock((state) => state.signing.source);
  const visibleAvailable = useAirlock((state) => state.signing.visibleAvailable);
  const timestampAvailable = useAirlock((state) => state.signing.timestampAvailable);
  const choose = useAirlock((state) => state.chooseSigningSource);
  const sign = useAirlock((state) => state.signDocument);
  const pdf = usePdfBytes(source?.preview?.pdf ?? null);
  const [visible, setVisible] = useState(false);
  const [timestamp, setTimestamp] = useState(false);
  const [page, setPage] = useState('1');
  const [spot, setSpot] = useState<PageFraction>(placeCentre('bottomRight'));
  const [edited, setEdited] = useState<{ source: string; name: string } | null>(null);
  const [problem, setProblem] = useState<'signing.problem.source' | 'signing.problem.page' | 'files.problem.name' | 'signing.problem.pin' | null>(null);
  const ids = { problem: useId(), appearance: useId(), timestamp: useId() };
  const path = source?.path ?? '';
  const isPdf = isPdfPath(path);
  const proposed = path === '' ? '' : isPdf ? `${baseNameOf(path).replace(/\.pdf$/i, '')} (${t('signing.signedSuffix')}).pdf` : `${baseNameOf(path)}.p7s`;
  const name = edited?.source === path ? edited.name : proposed;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const pageNumber = Number(page.trim());
    const pin = takeSignaturePin(event.currentTarget);
    const found = source === null || source.preview === null ? 'signing.problem.source' : !isPlainFileName(name) ? 'files.problem.name' : visible && (!Number.isSafeInteger(pageNumber) || pageNumber < 1) ? 'signing.problem.page' : pin === 'tooShort' ? 'signing.problem.pin' : null;
    setProblem(found);
    if (found !== null || pin === 'tooShort') return;
    void sign({ output: inFolder(folderOf(path), name.trim()), appearance: visible && isPdf ? { kind: 'visible', placement: { page: pageNumber, ...spot } } : { kind: 'invisible' }, timestamp: timestampAvailable && timestamp, ...pin });
  };

  return (
    <form noValidate onSubmit={onSubmit} className="pin-form">
      <ChooseOrDrop label={t('signing.choose')} onPath={(chosen) => void choose(chosen)}>
        {source !== null && (
          <p className="prose">
            {t('signing.chosen')} <span className="file-path">{source.path}</span>
            {source.preview !== null && ` (${t('signing.size', { size: formatCount(language, source.preview.bytes) })})`}
          </p>
        )}
      </ChooseOrDrop>
      {source !== null && (
        <>
          <p className="prose">{t(isPdf ? 'signing.kind.pades' : 'signing.kind.p7s')}</p>
          {pdf !== null && !visible && (
            <section className="signing-preview" aria-label={t('signing.preview')}>
              <LazyPdfDocument bytes={pdf} />
            </section>
          )}
          {isPdf && (
            <fieldset className="token-picker">
              <legend className="token-picker__legend">{t('signing.appearance.title')}</legend>
              <label className="token-option">
                <input type="radio" name={ids.appearance} className="token-option__input" checked={!visible} onChange={() => setVisible(false)} />
                <span className="token-option__text">{t('signing.appearance.invisible')}</span>
              </label>
              <label className="token-option">
                <input type="radio" name={ids.appearance} className="token-option__input" disabled={!visibleAvailable} checked={visible} onChange={() => setVisible(true)} />
                <span className="token-option__text">{t('signing.appearance.visible')}</span>
              </label>
              {!visibleAvailable && <p className="prose">{t('signing.appearance.visibleLater')}</p>}
            </fieldset>
          )}
          {timestampAvailable && (
            <div>
              <label className="token-option">
                <input type="checkbox" className="token-option__input" checked={timestamp} aria-describedby={ids.timestamp} onChange={(event) => setTimestamp(event.target.checked)} />
                <span className="token-option__text">{t('signing.timestamp.add')}</span>
              </label>
              <p id={ids.timestamp} className="prose">
                {t('signing.timestamp.addHint')}
              </p>
            </div>
          )}
          {isPdf && visible && <PlacementPicker pdf={pdf} page={page} spot={spot} onPage={setPage} onSpot={setSpot} />}
          <fieldset className="token-picker">
            <legend className="token-picker__legend">{t('signing.outputTitle')}</legend>
            <OutputName folder={folderOf(path)} name={name} onChange={(value) => setEdited({ source: path, name: value })} hint={t('signing.outputHint')} />
          </fieldset>
          <p className="prose">{t('signing.onToken')}</p>
          <SignaturePinField />
        </>
      )}
      <FormProblem id={ids.problem} problem={problem === null ? null : t(problem)} submit={t('signing.submit')} />
    </form>
  );
}

function CheckSection() {
  const t = useT();
  const checked = useAirlock((state) => state.signing.checked);
  const check = useAirlock((state) => state.checkSignature);
  const close = useAirlock((state) => state.closeSignatureCheck);
  // A .p7s whose file is not beside it under its own name: the user chooses that file.
  const [detached, setDetached] = useState<string | null>(null);
  const onPath = (path: string) => {
    setDetached(signedContentOf(path) === null ? null : path);
    void check(path);
  };
  return (
    <section aria-labelledby="check-title" className="pin-form">
      <h2 id="check-title">{t('signing.check.title')}</h2>
      <p className="prose">{t('signing.check.intro')}</p>
      <ChooseOrDrop label={t('signing.check.choose')} onPath={onPath} />
      {detached !== null && (
        <div className="file-choice">
          <p className="prose">{t('signing.check.contentHint', { file: baseNameOf(detached) })}</p>
          <FileChooser label={t('signing.check.chooseContent')} purpose="plaintext" onChosen={([content]) => content !== undefined && void check(detached, content)} />
        </div>
      )}
      {checked !== null && (
        <>
          <CheckedFileView checked={checked} title={t('signing.check.result')} />
          <button type="button" className="button" onClick={close}>
            {t('signing.check.close')}
          </button>
        </>
      )}
    </section>
  );
}
