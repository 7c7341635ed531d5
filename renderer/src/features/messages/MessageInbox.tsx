import { useId, useState, type FormEvent } from 'react';
import type { MessageSummary } from '../../../../shared/domain/message.js';
import { TextField } from '../../components/TextField.js';
import { formatCount, formatMoment } from '../../i18n/format.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { MessageBadges } from './MessageBadges.js';
import { problemKey } from './MessageVerdict.js';

/**
 * The live zone's inbox as the core pages it: most urgent first, then newest. Each row: the
 * subject as the button that opens it, the label and urgency, the sender and whether the
 * signature holds (a quarantined message says so in words, never looks like a trusted one),
 * unread and expired in words, not only in weight or colour. A search (the core ignores case and
 * diacritics) and "more" for the next page.
 */
export function MessageInbox() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const inbox = useAirlock((state) => state.messages.inbox);
  const load = useAirlock((state) => state.loadMessageInbox);
  const more = useAirlock((state) => state.loadMoreMessages);
  return (
    <>
      <SearchForm />
      {inbox !== null && (
        <p role="status" className="prose">
          {inbox.query === ''
            ? t('messages.inbox.count', { count: formatCount(language, inbox.messages.length), unread: formatCount(language, inbox.messages.filter((message) => !message.read).length) })
            : t('messages.inbox.found', { count: formatCount(language, inbox.messages.length), query: inbox.query })}
        </p>
      )}
      {inbox?.messages.length === 0 && <p className="prose">{inbox.query === '' ? t('messages.inbox.empty') : t('messages.inbox.noMatch')}</p>}
      {inbox !== null && inbox.messages.length > 0 && (
        <ul className="message-list">
          {inbox.messages.map((message) => (
            <InboxRow key={message.id} message={message} />
          ))}
        </ul>
      )}
      <PageButtons more={inbox?.next != null} onMore={() => void more()} onRefresh={() => void load()} />
    </>
  );
}

/** "Show more" while the core has another page, and "Refresh": under the inbox and the sent list. */
export function PageButtons({ more, onMore, onRefresh }: { more: boolean; onMore: () => void; onRefresh: () => void }) {
  const t = useT();
  return (
    <div className="button-row">
      {more && (
        <button type="button" className="button" onClick={onMore}>
          {t('messages.inbox.more')}
        </button>
      )}
      <button type="button" className="button" onClick={onRefresh}>
        {t('messages.inbox.refresh')}
      </button>
    </div>
  );
}

function SearchForm() {
  const t = useT();
  const load = useAirlock((state) => state.loadMessageInbox);
  const shown = useAirlock((state) => state.messages.inbox?.query ?? '');
  const [query, setQuery] = useState(shown);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void load(query);
  };
  return (
    <form role="search" className="message-search" onSubmit={onSubmit} aria-label={t('messages.search.label')}>
      <TextField label={t('messages.search.label')} value={query} onChange={setQuery} hint={t('messages.search.hint')} />
      <div className="button-row">
        <button type="submit" className="button">
          {t('messages.search.submit')}
        </button>
        {shown !== '' && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setQuery('');
              void load('');
            }}
          >
            {t('messages.search.clear')}
          </button>
        )}
      </div>
    </form>
  );
}

function InboxRow({ message }: { message: MessageSummary }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const open = useAirlock((state) => state.openMessage);
  const details = useId();
  const received = formatMoment(language, message.receivedAt);
  const classes = ['message-row', message.read ? '' : 'message-row--unread', message.verdict.trusted ? '' : 'message-row--quarantined'].filter((name) => name !== '').join(' ');
  return (
    <li className={classes}>
      <button type="button" className="message-row__open" aria-describedby={details} onClick={() => void open(message.id)}>
        {message.subject}
      </button>
      <p id={details} className="message-row__details">
        <MessageBadges message={message} />{' '}
        {!message.read && <strong className="message-row__flag">{t('messages.row.unread')} </strong>}
        {message.verdict.trusted ? t('messages.row.from', { name: message.sender }) : <strong className="message-row__flag message-row__flag--danger">{t('messages.row.quarantined', { reason: t(problemKey(message.verdict.problem)) })} </strong>}
        {received !== null && ` ${t('messages.row.received', received)}`}
        {message.attachments > 0 && ` ${t('messages.row.attachments', { count: formatCount(language, message.attachments) })}`}
        {message.expired && <strong className="message-row__flag"> {t('messages.row.expired')}</strong>}
      </p>
    </li>
  );
}
