import { useEffect, useRef } from 'react';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { TrainingMessagesNote } from '../training/TrainingZonesNote.js';
import { ComposeForm } from './ComposeForm.js';
import { MessageInbox } from './MessageInbox.js';
import { MessageReader } from './MessageReader.js';
import { MessagingHeader } from './MessagingHeader.js';
import type { MessagesPane } from './messages.js';
import { SentList } from './SentList.js';

const TABS: readonly Exclude<MessagesPane, 'message'>[] = ['inbox', 'compose', 'sent'];

/**
 * Messages of the live zone (issue #15): the header says whether messaging works here and how;
 * below, one part at a time — the inbox, a message opened, compose, sent — chosen with buttons.
 * The compose form stays mounted while hidden, so going to the inbox and back loses nothing typed.
 */
export function MessagesScreen() {
  const t = useT();
  const status = useAirlock((state) => state.messages.status);
  const pane = useAirlock((state) => state.messages.pane);
  const opened = useAirlock((state) => state.messages.opened);
  const loadStatus = useAirlock((state) => state.loadMessagingStatus);
  const loadInbox = useAirlock((state) => state.loadMessageInbox);
  const showPane = useAirlock((state) => state.showMessagesPane);
  const available = status?.available === true;
  // Asked at each arrival on the screen (the events keep them fresh while it is shown).
  useEffect(() => void loadStatus(), [loadStatus]);
  useEffect(() => {
    if (available) void loadInbox();
  }, [available, loadInbox]);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // The part shown changes under the buttons: its heading takes the focus, so a screen reader says where the user is.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [pane, opened?.id]);

  return (
    <>
      <h1>{t('screen.messages.name')}</h1>
      {/* What works here comes first: at large text the introduction would push it below the fold. */}
      {status !== null && <MessagingHeader status={status} />}
      <TrainingMessagesNote />
      <p className="prose">{t('screen.messages.intro')}</p>
      {available && (
        <>
          <nav aria-label={t('messages.parts')} className="messages-tabs">
            <ul className="button-row messages-tabs__list">
              {TABS.map((tab) => (
                <li key={tab}>
                  <button type="button" className="button" aria-current={pane === tab || (tab === 'inbox' && pane === 'message') ? 'true' : undefined} onClick={() => showPane(tab)}>
                    {t(`messages.pane.${tab}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          <section aria-labelledby="messages-pane-heading">
            <h2 id="messages-pane-heading" ref={heading} tabIndex={-1}>
              {t(`messages.pane.${pane}`)}
            </h2>
            {pane === 'inbox' && <MessageInbox />}
            {pane === 'message' && (opened === null ? <p role="status">{t('messages.reader.opening')}</p> : <MessageReader message={opened} />)}
            {pane === 'message' && (
              <button type="button" className="button" onClick={() => showPane('inbox')}>
                {t('messages.reader.back')}
              </button>
            )}
            <div hidden={pane !== 'compose'}>
              <ComposeForm />
            </div>
            {pane === 'sent' && <SentList />}
          </section>
        </>
      )}
    </>
  );
}
