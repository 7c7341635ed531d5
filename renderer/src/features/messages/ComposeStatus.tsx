import { StatusLine } from '../../components/StatusLine.js';
import { errorMessageKey } from '../../i18n/catalog.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

/**
 * The message being sent: progress (signing, encrypting, uploading attachments) with Cancel, then
 * sent, or queued in the outbox to go when the server is back (exactly once), or why it failed.
 * Above the form, which keeps what was typed.
 */
export function ComposeStatus() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const compose = useAirlock((state) => state.messages.compose);
  const cancel = useAirlock((state) => state.cancelCompose);
  const dismiss = useAirlock((state) => state.dismissCompose);
  const showPane = useAirlock((state) => state.showMessagesPane);
  if (compose === null) return <div role="status" />;
  if (compose.status === 'running') {
    const percent = compose.total === 0 ? 0 : Math.floor((100 * compose.done) / compose.total);
    return (
      <div role="status" className="message-compose__status">
        <label>
          {t('messages.compose.progress', { percent })} <progress max={100} value={percent} />
        </label>
        <button type="button" className="button" onClick={() => void cancel()} aria-disabled={compose.cancelling || undefined}>
          {t('messages.compose.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div role="status" className="message-compose__status">
      {compose.status === 'done' ? (
        <StatusLine severity="ok">
          <p>{t(compose.queued ? 'messages.compose.queued' : 'messages.compose.sent')}</p>
        </StatusLine>
      ) : (
        <StatusLine severity="danger" strong>
          <p>{t('messages.compose.failed')}</p>
          <p>{t(errorMessageKey(compose.error))}</p>
          {/* No write down: the policy's zones where this level may be written. */}
          {compose.error.details?.zones !== undefined && <p>{t('messaging.switchToZones', { zones: compose.error.details.zones.map((zone) => zone[language]).join(', ') })}</p>}
        </StatusLine>
      )}
      <div className="button-row">
        {compose.status === 'done' && (
          <button type="button" className="button" onClick={() => showPane('sent')}>
            {t('messages.compose.toSent')}
          </button>
        )}
        <button type="button" className="button" onClick={dismiss}>
          {t(compose.status === 'done' ? 'messages.compose.another' : 'messages.compose.dismiss')}
        </button>
      </div>
    </div>
  );
}
