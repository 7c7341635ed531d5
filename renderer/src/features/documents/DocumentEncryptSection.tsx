import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Classification } from '../../../../shared/domain/classification.js';
import { CLASSIFICATION_LEVELS } from '../../../../shared/domain/levels.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { DocumentJobStatus } from './DocumentJobStatus.js';
import { StatusLine } from '../../components/StatusLine.js';
import { RecipientPicker } from '../../components/RecipientPicker.js';
import { FormProblem } from '../../components/FormProblem.js';
import { TextField } from '../../components/TextField.js';
import { FileChooser, FilePickButton, TypedPathDisclosure } from '../../components/FileChooser.js';
import { isPlainFileName, OutputName } from '../../components/OutputName.js';
import { baseNameOf, folderOf, inFolder } from '../../../../shared/domain/file-name.js';
import { CONTAINER_EXTENSION } from './document-drop.js';

/** Restated from shared/domain/classification.ts (importing it would bring zod into the bundle), lowest first. */
const LEVELS: readonly Classification[] = CLASSIFICATION_LEVELS;

/**
 * Encrypting a file for colleagues: the file (a chooser, a drop, or a typed path), recipients from
 * the directory (only valid certificates can be ticked), a level no higher than the live zone
 * allows, and the container's proposed name beside the source (never over an existing file). Progress with Cancel while it runs.
 */
export function DocumentEncryptSection() {
  const t = useT();
  const loadDirectory = useAirlock((state) => state.loadDirectory);
  const encryption = useAirlock((state) => state.encryption.encryption);
  useEffect(() => void loadDirectory(), [loadDirectory]);
  return (
    <section aria-labelledby="encrypt-title">
      <h2 id="encrypt-title">{t('encrypt.title')}</h2>
      {encryption === null ? <EncryptForm /> : <EncryptionStatus />}
      <ColleagueImport />
    </section>
  );
}

function EncryptForm() {
  const t = useT();
  const directory = useAirlock((state) => state.encryption.directory);
  const ceiling = useAirlock((state) => state.zones?.highestClassification ?? 'unclassified');
  const encrypt = useAirlock((state) => state.encryptDocument);
  // In the store, not here: a file dropped on the screen lands in this field.
  const source = useAirlock((state) => state.encryption.source);
  const setSource = useAirlock((state) => state.setEncryptSource);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [level, setLevel] = useState<Classification>('unclassified');
  const [caveats, setCaveats] = useState('');
  const [problem, setProblem] = useState<'encrypt.problem.source' | 'files.problem.name' | 'encrypt.problem.recipients' | null>(null);
  const output = useProposedOutput(source.trim());
  const [outputPath, setOutputPath] = useState('');
  const ids = { problem: useId(), level: useId() };
  const allowed = LEVELS.slice(0, LEVELS.indexOf(ceiling) + 1);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A full path typed under "Type a path" wins: the way out when the source's folder is read-only.
    const typed = outputPath.trim();
    const found = source.trim() === '' || output.folder === '' ? 'encrypt.problem.source' : typed === '' && !isPlainFileName(output.name) ? 'files.problem.name' : chosen.length === 0 ? 'encrypt.problem.recipients' : null;
    setProblem(found);
    if (found !== null) return;
    void encrypt({ source: source.trim(), output: typed !== '' ? typed : inFolder(output.folder, output.name.trim()), recipients: chosen, level: allowed.includes(level) ? level : 'unclassified', caveats: caveats.split(';').map((item) => item.trim()).filter((item) => item !== ''), declassifyOn: null });
  };

  return (
    <form className="pin-form" noValidate onSubmit={onSubmit}>
      <SourceChooser source={source} onSource={setSource} />
      <RecipientPicker directory={directory} chosen={chosen} onChange={setChosen} legend={t('encrypt.recipients')} empty={t('encrypt.noColleagues')} />
      <fieldset className="token-picker">
        <legend className="token-picker__legend">{t('encrypt.level')}</legend>
        {LEVELS.map((item) => (
          <label key={item} className="token-option">
            <input type="radio" name={ids.level} className="token-option__input" disabled={!allowed.includes(item)} checked={level === item} onChange={() => setLevel(item)} />
            <span className="token-option__text">{t(`classification.${item}`)}</span>
          </label>
        ))}
        <p className="prose">{t('encrypt.levelCeiling', { level: t(`classification.${ceiling}`) })}</p>
      </fieldset>
      <TextField label={t('encrypt.caveats')} value={caveats} onChange={setCaveats} />
      {output.folder !== '' && (
        <fieldset className="token-picker">
          <legend className="token-picker__legend">{t('encrypt.outputTitle')}</legend>
          <OutputName folder={output.folder} name={output.name} onChange={output.setName} />
          {output.chooseElsewhere !== null && (
            <button type="button" className="button" onClick={output.chooseElsewhere}>
              {t('files.chooseSave')}
            </button>
          )}
          <TypedPathDisclosure>
            <TextField label={t('encrypt.outputPath')} value={outputPath} onChange={setOutputPath} literal />
          </TypedPathDisclosure>
        </fieldset>
      )}
      <FormProblem id={ids.problem} problem={problem === null ? null : t(problem)} submit={t('encrypt.submit')} />
    </form>
  );
}

/** The file to encrypt: the chooser first, the chosen path shown; a typed path folded away. */
function SourceChooser({ source, onSource }: { source: string; onSource: (path: string) => void }) {
  const t = useT();
  return (
    <div className="file-choice">
      <FileChooser label={t('encrypt.chooseSource')} purpose="plaintext" onChosen={([path]) => path !== undefined && onSource(path)} />
      {source.trim() !== '' && (
        <p className="prose">
          {t('encrypt.sourceChosen')} <span className="file-path">{source}</span>
        </p>
      )}
      <TypedPathDisclosure>
        <TextField label={t('encrypt.source')} value={source} onChange={onSource} literal />
      </TypedPathDisclosure>
    </div>
  );
}

/**
 * The container's proposed place: "<source name>.alc" beside the source, renamed by the user if
 * they like; a new source proposes again. Electron's save dialog may choose another folder.
 */
function useProposedOutput(source: string) {
  const dialogs = useAirlock((state) => state.documents.places?.dialogs === true);
  const chooseSavePath = useAirlock((state) => state.chooseSavePath);
  const proposed = source === '' ? '' : `${baseNameOf(source)}${CONTAINER_EXTENSION}`;
  const [edited, setEdited] = useState<{ source: string; folder: string; name: string } | null>(null);
  const mine = edited !== null && edited.source === source ? edited : null;
  const folder = mine?.folder ?? (source === '' ? '' : folderOf(source));
  const name = mine?.name ?? proposed;
  return {
    folder,
    name,
    setName: (value: string) => setEdited({ source, folder, name: value }),
    chooseElsewhere: dialogs
      ? () =>
          void chooseSavePath(name).then((path) => {
            if (path !== null) setEdited({ source, folder: folderOf(path), name: baseNameOf(path) });
          })
      : null,
  };
}

function EncryptionStatus() {
  const encryption = useAirlock((state) => state.encryption.encryption);
  const cancel = useAirlock((state) => state.cancelEncryption);
  const dismiss = useAirlock((state) => state.dismissEncryption);
  if (encryption === null) return null;
  return <DocumentJobStatus job={encryption} texts={{ progress: 'encrypt.progress', done: 'encrypt.done', again: 'encrypt.again' }} onCancel={() => void cancel()} onDismiss={dismiss} />;
}

/** A colleague's certificate file from approved media: public, read here, judged by main. */
function ColleagueImport() {
  const t = useT();
  const importColleague = useAirlock((state) => state.importColleague);
  const result = useAirlock((state) => state.encryption.directoryImport);
  return (
    <section className="pin-form" aria-labelledby="colleague-import-title">
      <h3 id="colleague-import-title">{t('encrypt.import.title')}</h3>
      <FilePickButton label={t('encrypt.import.choose')} accept=".pem,.cer,.crt,.der" onFiles={([file]) => file !== undefined && void importColleague(file)} />
      <div role="status">
        {result !== null &&
          (result.status === 'rejected' ? (
            <StatusLine severity="danger">
              <p>{t('encrypt.import.rejected')}</p>
            </StatusLine>
          ) : (
            <StatusLine severity="ok">
              <p>{t(result.status === 'imported' ? 'encrypt.import.done' : 'encrypt.import.duplicate', { name: result.name })}</p>
            </StatusLine>
          ))}
      </div>
    </section>
  );
}
