import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Classification } from '../../../../shared/domain/classification.js';
import type { DirectoryEntryView } from '../../../../shared/domain/document.js';
import { baseNameOf } from '../../../../shared/domain/file-name.js';
import { FileChooser } from '../../components/FileChooser.js';
import { FormProblem } from '../../components/FormProblem.js';
import { FormRow } from '../../components/FormRow.js';
import { RecipientPicker } from '../../components/RecipientPicker.js';
import { StatusLine } from '../../components/StatusLine.js';
import { TextField } from '../../components/TextField.js';
import { useFileDrop } from '../../components/use-file-drop.js';
import type { DroppedItem } from '../documents/document-drop.js';
import { translate } from '../../i18n/catalog.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { ComposeStatus } from './ComposeStatus.js';
import { useZoneNames } from './MessagingHeader.js';
import type { Draft } from './messages.js';
import { composableLevels, levelsAbove, PRECEDENCE_ORDER, prefixedSubject, zonesAllowing, type Precedence } from './messaging-words.js';

/** As ComposeRequest allows. */
const MAX_ATTACHMENTS = 20;
const DEFAULT_EXPIRY_DAYS = 30;

type Problem = 'messages.compose.problem.recipients' | 'messages.compose.problem.subject' | 'messages.compose.problem.expiry' | 'messages.compose.problem.level' | null;

/** A reply goes to the sender: their certificates in the directory (the signing one, or the same person's others). */
function replyRecipients(draft: Draft | null, directory: readonly DirectoryEntryView[] | null): readonly string[] {
  if (draft?.mode !== 'reply' || directory === null) return [];
  const { senderFingerprint, sender } = draft.of;
  const same = directory.filter((entry) => entry.valid && entry.fingerprint === senderFingerprint);
  return (same.length > 0 ? same : directory.filter((entry) => entry.valid && entry.name === sender)).map((entry) => entry.fingerprint);
}

/**
 * Composing a message: colleagues from the certificate directory, subject and text, a level no
 * higher than the live zone allows (higher ones are not offered; the form names the zones that
 * allow them), the urgency, the expiry in days, a read receipt, and attachments by drop or the
 * chooser. Sending signs on the token and encrypts; the job shows its progress (attachments are
 * uploaded) with Cancel, then "sent" or "queued in the outbox". The form keeps what was typed if
 * sending fails.
 */
export function ComposeForm() {
  const draft = useAirlock((state) => state.messages.draft);
  const directory = useAirlock((state) => state.encryption.directory);
  const loadDirectory = useAirlock((state) => state.loadDirectory);
  const forms = useAirlock((state) => state.messages.forms);
  useEffect(() => void loadDirectory(), [loadDirectory]);
  // A new Reply or Forward starts a new form with its own fields.
  const key = draft === null ? `new-${String(forms)}` : `${draft.mode}-${String(draft.of.id)}-${String(forms)}`;
  return (
    <>
      <ComposeStatus />
      <ComposeFields key={`${key}-${directory === null ? 'loading' : 'ready'}`} draft={draft} directory={directory} />
    </>
  );
}

function ComposeFields({ draft, directory }: { draft: Draft | null; directory: readonly DirectoryEntryView[] | null }) {
  const t = useT();
  const ceiling = useAirlock((state) => state.messages.status?.ceiling ?? null);
  const running = useAirlock((state) => state.messages.compose?.status === 'running');
  const compose = useAirlock((state) => state.composeMessage);
  const allowed = composableLevels(ceiling);
  const [chosen, setChosen] = useState<readonly string[]>(() => replyRecipients(draft, directory));
  const [subject, setSubject] = useState(() => (draft === null ? '' : prefixedSubject(draft.of.subject, t(`messages.compose.prefix.${draft.mode}`), [translate('vi', `messages.compose.prefix.${draft.mode}`), translate('en', `messages.compose.prefix.${draft.mode}`)])));
  const [body, setBody] = useState('');
  const [level, setLevel] = useState<Classification>(() => (draft !== null && allowed.includes(draft.of.classification) ? draft.of.classification : (allowed[0] ?? 'unclassified')));
  const [precedence, setPrecedence] = useState<Precedence>(() => draft?.of.precedence ?? 'thuong');
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [receipt, setReceipt] = useState(true);
  const [attachments, setAttachments] = useState<readonly string[]>([]);
  const [problem, setProblem] = useState<Problem>(null);
  const ids = { level: useId(), precedence: useId(), problem: useId() };
  const add = (paths: readonly string[]) => setAttachments((current) => [...current, ...paths.filter((path) => !current.includes(path))].slice(0, MAX_ATTACHMENTS));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (running) return;
    const expiresInDays = Number(days);
    const found: Problem =
      chosen.length === 0 ? 'messages.compose.problem.recipients' : subject.trim() === '' ? 'messages.compose.problem.subject' : !Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 365 ? 'messages.compose.problem.expiry' : !allowed.includes(level) ? 'messages.compose.problem.level' : null;
    setProblem(found);
    if (found !== null) return;
    void compose({
      recipients: [...chosen],
      subject: subject.trim(),
      body,
      classification: level,
      precedence,
      expiresInDays,
      requestReceipt: receipt,
      attachments: [...attachments],
      ...(draft?.mode === 'reply' ? { replyTo: draft.of.id } : {}),
      ...(draft?.mode === 'forward' ? { forward: draft.of.id } : {}),
    });
  };

  return (
    <form className="pin-form" noValidate onSubmit={onSubmit} aria-labelledby="messages-pane-heading">
      {draft !== null && (
        <p className="prose">
          {t(draft.mode === 'reply' ? 'messages.compose.replyingTo' : 'messages.compose.forwarding', { subject: draft.of.subject, name: draft.of.sender })}
        </p>
      )}
      <RecipientPicker directory={directory} chosen={chosen} onChange={setChosen} legend={t('messages.compose.recipients')} empty={t('messages.compose.noColleagues', { screen: t('screen.documents.name') })} />
      <TextField label={t('messages.compose.subject')} value={subject} onChange={setSubject} />
      <FormRow label={t('messages.compose.body')}>{(field) => <textarea {...field} className={`${field.className} message-compose__body`} rows={8} value={body} onChange={(event) => setBody(event.target.value)} />}</FormRow>
      <fieldset className="token-picker">
        <legend className="token-picker__legend">{t('messages.compose.level')}</legend>
        {allowed.map((item) => (
          <label key={item} className="token-option">
            <input type="radio" name={ids.level} className="token-option__input" checked={level === item} onChange={() => setLevel(item)} />
            <span className="token-option__text">{t(`classification.${item}`)}</span>
          </label>
        ))}
        <LevelCeiling />
      </fieldset>
      <fieldset className="token-picker">
        <legend className="token-picker__legend">{t('messages.compose.precedence')}</legend>
        {PRECEDENCE_ORDER.map((item) => (
          <label key={item} className="token-option">
            <input type="radio" name={ids.precedence} className="token-option__input" checked={precedence === item} onChange={() => setPrecedence(item)} />
            <span className="token-option__text">{t(`messages.precedence.${item}`)}</span>
          </label>
        ))}
      </fieldset>
      <FormRow label={t('messages.compose.expiry')} hint={t('messages.compose.expiryHint')}>
        {(field) => <input {...field} type="number" inputMode="numeric" min={1} max={365} value={days} onChange={(event) => setDays(event.target.value)} />}
      </FormRow>
      <label className="token-option">
        <input type="checkbox" className="token-option__input" checked={receipt} onChange={(event) => setReceipt(event.target.checked)} />
        <span className="token-option__text">{t('messages.compose.receipt')}</span>
      </label>
      <AttachmentPicker attachments={attachments} onAdd={add} onRemove={(path) => setAttachments((current) => current.filter((item) => item !== path))} />
      <FormProblem id={ids.problem} problem={problem === null ? null : t(problem)} submit={t('messages.compose.submit')} busy={running} />
    </form>
  );
}

/** What the zone allows, and where the levels it does not allow can be composed. */
function LevelCeiling() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const ceiling = useAirlock((state) => state.messages.status?.ceiling ?? null);
  const zones = useAirlock((state) => state.zonesOverview?.zones ?? []);
  const active = useAirlock((state) => state.zones?.active ?? null);
  const names = useZoneNames();
  return (
    <>
      {ceiling !== null && <p className="prose">{t('messages.compose.ceiling', { zone: active?.name[language] ?? '', level: t(`classification.${ceiling}`) })}</p>}
      {levelsAbove(ceiling).map((level) => {
        const where = names(zonesAllowing(zones, level, active?.id ?? null));
        return (
          <p key={level} className="prose">
            {where === null ? t('messages.compose.levelNowhere', { level: t(`classification.${level}`) }) : t('messages.compose.levelElsewhere', { level: t(`classification.${level}`), zones: where })}
          </p>
        );
      })}
    </>
  );
}

/** Attachments: dropped on the list or chosen; each sent as a document encrypted to the same recipients. */
function AttachmentPicker({ attachments, onAdd, onRemove }: { attachments: readonly string[]; onAdd: (paths: readonly string[]) => void; onRemove: (path: string) => void }) {
  const t = useT();
  const pathsOfFiles = useAirlock((state) => state.pathsOfFiles);
  const [note, setNote] = useState<{ readonly key: 'documents.drop.folder' } | { readonly key: 'documents.drop.noPath'; readonly name: string } | null>(null);
  const onItems = (items: readonly DroppedItem[]) => {
    setNote(null);
    const files = items.filter((item) => !item.isFolder);
    if (files.length < items.length) setNote({ key: 'documents.drop.folder' });
    void pathsOfFiles(files.map((item) => item.file)).then((paths) => {
      const missing = files.find((_, index) => paths[index] === null);
      if (missing !== undefined) setNote({ key: 'documents.drop.noPath', name: missing.name });
      onAdd(paths.filter((path) => path !== null));
    });
  };
  const { dragging, handlers } = useFileDrop(onItems);
  return (
    <fieldset className={dragging ? 'token-picker drop-zone drop-zone--active' : 'token-picker drop-zone'} data-dragging={dragging || undefined} {...handlers}>
      <legend className="token-picker__legend">{t('messages.compose.attachments')}</legend>
      <p className="drop-zone__hint prose">{t('messages.compose.attachmentsHint', { count: MAX_ATTACHMENTS })}</p>
      <FileChooser label={t('messages.compose.attach')} purpose="plaintext" onChosen={onAdd} />
      <div role="status">
        {note !== null && (
          <StatusLine severity="warning">
            <p>{note.key === 'documents.drop.folder' ? t(note.key) : t(note.key, { name: note.name })}</p>
          </StatusLine>
        )}
      </div>
      {attachments.length > 0 && (
        <ul className="recent-documents message-attachments">
          {attachments.map((path) => (
            <AttachmentItem key={path} path={path} onRemove={onRemove} />
          ))}
        </ul>
      )}
    </fieldset>
  );
}

function AttachmentItem({ path, onRemove }: { path: string; onRemove: (path: string) => void }) {
  const t = useT();
  const ids = { name: useId(), remove: useId() };
  return (
    <li className="recent-documents__item">
      <p className="recent-documents__line">
        <strong id={ids.name}>{baseNameOf(path)}</strong> <span className="file-path">{path}</span>
      </p>
      <button type="button" id={ids.remove} className="button" aria-labelledby={`${ids.remove} ${ids.name}`} onClick={() => onRemove(path)}>
        {t('messages.compose.removeAttachment')}
      </button>
    </li>
  );
}
