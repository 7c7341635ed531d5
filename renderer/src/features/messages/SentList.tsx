import { useEffect, useId } from 'react';
import type { SentMessageView } from '../../../../shared/domain/message.js';
import { StatusLine } from '../../components/StatusLine.js';
import { errorMessageKey, keyFor } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { MessageBadges } from './MessageBadges.js';
import { PageButtons } from './MessageInbox.js';
import { receiptKey } from './messaging-words.js';

type Recipient = SentMessageView['recipients'][number];

/**
 * What this user sent, newest first: when it went (or that it waits in the outbox), and each
 * recipient's state in words — "đã đọc lúc …" from the signed receipt, which can be checked again.
 */
export function SentList() {
  const t = useT();
  const sent = useAirlock((state) => state.messages.sent);
  const load = useAirlock((state) => state.loadSent);
  const more = useAirlock((state) => state.loadMoreSent);
  useEffect(() => void load(), [load]);
  return (
    <>
      {sent?.messages.length === 0 && <p className="prose">{t('messages.sent.empty')}</p>}
      {sent !== null && sent.messages.length > 0 && (
        <ul className="message-list">
          {sent.messages.map((message) => (
            <SentRow key={message.messageId} message={message} />
          ))}
        </ul>
      )}
      <PageButtons more={sent?.next != null} onMore={() => void more()} onRefresh={() => void load()} />
    </>
  );
}

function SentRow({ message }: { message: SentMessageView }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const title = useId();
  const queued = formatMoment(language, message.queuedAt);
  const sentAt = message.sentAt === null ? null : formatMoment(language, message.sentAt);
  return (
    <li className="message-row">
      <p id={title} className="message-row__subject">
        <strong>{message.subject}</strong>
      </p>
      <p className="message-row__details">
        <MessageBadges message={message} /> {sentAt !== null ? t('messages.sent.sentAt', sentAt) : queued !== null ? t('messages.sent.waiting', queued) : ''}
      </p>
      <ul className="message-recipients">
        {message.recipients.map((recipient) => (
          <RecipientState key={recipient.fingerprint} messageId={message.messageId} recipient={recipient} />
        ))}
      </ul>
    </li>
  );
}

function RecipientState({ messageId, recipient }: { messageId: string; recipient: Recipient }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const check = useAirlock((state) => state.messages.receipts[receiptKey(messageId, recipient.fingerprint)] ?? null);
  const verify = useAirlock((state) => state.verifyReceipt);
  const ids = { name: useId(), verify: useId() };
  const readAt = recipient.readAt === null ? null : formatMoment(language, recipient.readAt);
  const checkedAt = check?.status === 'checked' ? formatMoment(language, check.readAt) : null;
  return (
    <li className="message-recipients__item">
      <p>
        <span id={ids.name}>{recipient.name}</span>: {recipient.state === 'read' && readAt !== null ? t('messages.delivery.readAt', readAt) : t(`messages.delivery.${recipient.state}`)}
      </p>
      {/* A copy the server refused: why, in words (never retried on its own). */}
      {recipient.state === 'failed' && recipient.reason !== undefined && <p className="prose">{t(keyFor('error.', recipient.reason) ?? 'error.ipc.internal')}</p>}
      {recipient.state === 'read' && (
        <button type="button" id={ids.verify} className="button" aria-labelledby={`${ids.verify} ${ids.name}`} aria-disabled={check?.status === 'checking' || undefined} onClick={() => void verify(messageId, recipient.fingerprint)}>
          {t('messages.sent.verify')}
        </button>
      )}
      <div role="status">
        {check?.status === 'checked' &&
          (check.valid ? (
            <StatusLine severity="ok">
              <p>{t('messages.sent.receiptValid', { name: recipient.name, ...(checkedAt ?? { date: check.readAt, time: '' }) })}</p>
            </StatusLine>
          ) : (
            <StatusLine severity="danger" strong>
              <p>{t('messages.sent.receiptInvalid', { name: recipient.name })}</p>
            </StatusLine>
          ))}
        {check?.status === 'failed' && (
          <StatusLine severity="danger">
            <p>{t('messages.sent.receiptFailed')}</p>
            <p>{t(errorMessageKey(check.error))}</p>
          </StatusLine>
        )}
      </div>
    </li>
  );
}
