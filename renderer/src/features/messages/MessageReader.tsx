import { useId } from 'react';
import type { AttachmentView, MessageView } from '../../../../shared/domain/message.js';
import { DetailList } from '../../components/DetailList.js';
import { LevelBadge } from '../../components/LevelBadge.js';
import { StatusLine } from '../../components/StatusLine.js';
import { TechnicalDetails } from '../../components/TechnicalDetails.js';
import { hexPairs } from '../../components/certificate-view.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { formatCount, formatMoment } from '../../i18n/format.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { MessageBadges } from './MessageBadges.js';
import { ExpiryLine, MessageVerdict } from './MessageVerdict.js';
import { attachmentKey } from './messaging-words.js';

/**
 * A message opened: the verdict first (who signed, or why it is quarantined), the label and
 * urgency, the text, the attachments (downloaded, then opened as any received document), any
 * forwarded original with its own verdict, the thread, and Reply / Forward. "Receipt sent" when
 * this opening queued the signed receipt the sender asked for.
 */
export function MessageReader({ message }: { message: MessageView }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const startDraft = useAirlock((state) => state.startDraft);
  const received = formatMoment(language, message.receivedAt);
  return (
    <article aria-labelledby="message-subject" className="message-reader">
      <h3 id="message-subject">{message.subject}</h3>
      <MessageVerdict verdict={message.verdict} sender={message.sender} />
      <p>
        <MessageBadges message={message} />
      </p>
      {message.receiptSent && (
        <StatusLine severity="ok">
          <p>
            <strong>{t('messages.reader.receiptSent')}</strong>
          </p>
          <p>{t('messages.reader.receiptSentWhy')}</p>
        </StatusLine>
      )}
      <ExpiryLine expired={message.expired} expiresAt={message.expiresAt} />
      <DetailList
        details={[
          { term: message.verdict.trusted ? t('messages.reader.signer') : t('messages.reader.claimedSigner'), value: message.sender },
          { term: t('messages.reader.received'), value: received === null ? message.receivedAt : t('messages.reader.moment', received) },
        ]}
      />
      {message.senderFingerprint !== null && <TechnicalDetails details={[{ term: t('documents.report.fingerprint'), value: hexPairs(message.senderFingerprint), hex: true }]} />}
      <h4>{t('messages.reader.body')}</h4>
      <div className="message-body">{message.body}</div>
      {message.attachmentList.length > 0 && <Attachments message={message} />}
      {/* The originals have no id of their own, and their order never changes. */}
      {message.forwarded.map((original, index) => (
        <section key={index} aria-labelledby={`forwarded-${String(index)}`} className="message-forwarded">
          <h4 id={`forwarded-${String(index)}`}>{t('messages.reader.forwarded', { subject: original.subject })}</h4>
          <MessageVerdict verdict={original.verdict} sender={original.sender} />
          <p>
            <LevelBadge level={original.classification} />
            {original.sentAt !== null && ` ${t('messages.reader.sentAt', formatMoment(language, original.sentAt) ?? { date: original.sentAt, time: '' })}`}
          </p>
          <div className="message-body">{original.body}</div>
        </section>
      ))}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={!message.verdict.trusted || message.senderFingerprint === null} onClick={() => startDraft('reply')}>
          {t('messages.reader.reply')}
        </button>
        <button type="button" className="button" onClick={() => startDraft('forward')}>
          {t('messages.reader.forward')}
        </button>
      </div>
      {(!message.verdict.trusted || message.senderFingerprint === null) && <p className="prose">{t('messages.reader.noReply')}</p>}
      <Thread current={message.id} />
    </article>
  );
}

function Attachments({ message }: { message: MessageView }) {
  const t = useT();
  return (
    <section aria-labelledby="message-attachments-title">
      <h4 id="message-attachments-title">{t('messages.reader.attachments')}</h4>
      <p className="prose">{t('messages.reader.attachmentsHow')}</p>
      <ul className="recent-documents">
        {message.attachmentList.map((attachment) => (
          <AttachmentRow key={attachment.index} id={message.id} attachment={attachment} />
        ))}
      </ul>
    </section>
  );
}

function AttachmentRow({ id, attachment }: { id: number; attachment: AttachmentView }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const fetch = useAirlock((state) => state.messages.attachments[attachmentKey(id, attachment.index)] ?? null);
  const fetchAttachment = useAirlock((state) => state.fetchAttachment);
  const ids = { name: useId(), open: useId() };
  const percent = fetch?.status === 'running' && fetch.total > 0 ? Math.floor((100 * fetch.done) / fetch.total) : 0;
  return (
    <li className="recent-documents__item">
      <p className="recent-documents__line">
        <strong id={ids.name}>{attachment.fileName}</strong> ({t('documents.report.bytes', { bytes: formatCount(language, attachment.size) })})
      </p>
      {fetch?.status === 'running' ? (
        <label>
          {t('messages.reader.fetching', { percent })} <progress max={100} value={percent} />
        </label>
      ) : (
        // Named with its file, so a list of buttons still says which.
        <button type="button" id={ids.open} className="button" aria-labelledby={`${ids.open} ${ids.name}`} onClick={() => void fetchAttachment(id, attachment.index)}>
          {t('messages.reader.fetch')}
        </button>
      )}
      <div role="status">
        {fetch?.status === 'failed' && (
          <StatusLine severity="danger">
            <p>{t('messages.reader.fetchFailed')}</p>
            <p>{t(errorMessageKey(fetch.error))}</p>
          </StatusLine>
        )}
      </div>
    </li>
  );
}

/** The other messages of the thread in this zone, oldest first; the open one is named, the others open on a button. */
function Thread({ current }: { current: number }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const thread = useAirlock((state) => state.messages.thread);
  const open = useAirlock((state) => state.openMessage);
  if (thread === null || thread.length < 2) return null;
  return (
    <section aria-labelledby="message-thread-title">
      <h4 id="message-thread-title">{t('messages.thread.title', { count: formatCount(language, thread.length) })}</h4>
      <ol className="message-thread">
        {thread.map((item) => {
          const moment = formatMoment(language, item.receivedAt);
          const line = `${item.verdict.trusted ? item.sender : t('messages.thread.quarantined')}${moment === null ? '' : `, ${t('messages.reader.moment', moment)}`}`;
          return (
            <li key={item.id} className="message-thread__item">
              {item.id === current ? (
                <p aria-current="true">
                  <strong>{item.subject}</strong> {t('messages.thread.current')} — {line}
                </p>
              ) : (
                <p>
                  <button type="button" className="message-row__open" onClick={() => void open(item.id)}>
                    {item.subject}
                  </button>{' '}
                  — {line}
                </p>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
