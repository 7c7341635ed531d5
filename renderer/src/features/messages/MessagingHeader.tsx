import type { MessagingStatus } from '../../../../shared/domain/message.js';
import { FileChooser } from '../../components/FileChooser.js';
import { StatusLine } from '../../components/StatusLine.js';
import { keyFor } from '../../i18n/catalog.js';
import { formatCount } from '../../i18n/format.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { headerStateOf, zonesAbove, zonesAllowing } from './messaging-words.js';

/** The zones' names in the user's language, joined for a sentence; null when there is none. */
export function useZoneNames(): (zones: readonly { readonly name: { readonly vi: string; readonly en: string } }[]) => string | null {
  const language = useAirlock((state) => state.language);
  const t = useT();
  return (zones) => (zones.length === 0 ? null : zones.map((zone) => zone.name[language]).join(` ${t('messages.zoneOr')} `));
}

/**
 * The top of the Messages screen, in plain words: whether messaging works in this zone (and what
 * to do when it does not), the connection (a server that is down is a state, nothing is lost),
 * what waits in the outbox, and messages held on the server for a zone of a higher level.
 */
export function MessagingHeader({ status }: { status: MessagingStatus }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const state = headerStateOf(status);
  return (
    <section aria-labelledby="messaging-status-title" className="messaging-status">
      <h2 id="messaging-status-title">{t('messages.status.title')}</h2>
      <div role="status">{state.kind === 'unavailable' ? <Unavailable reason={state.reason} /> : <Connection connection={state.connection} />}</div>
      {status.available && (
        <p className="prose">{status.outbox === 0 ? t('messages.status.outboxEmpty') : t('messages.status.outbox', { count: formatCount(language, status.outbox) })}</p>
      )}
      {status.heldAbove > 0 && <HeldAbove count={status.heldAbove} ceiling={status.ceiling} />}
    </section>
  );
}

function Unavailable({ reason }: { reason: NonNullable<MessagingStatus['unavailable']> }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const zones = useAirlock((state) => state.zonesOverview?.zones ?? []);
  const active = useAirlock((state) => state.zones?.active ?? null);
  const policyLoaded = useAirlock((state) => state.zonesOverview?.policy.state === 'loaded');
  const names = useZoneNames();
  const withMessaging = names(zonesAllowing(zones, 'unclassified', active?.id ?? null));
  if (reason === 'noCredentials') return <CredentialsImport />;
  const where = !policyLoaded
    ? t('messages.unavailable.noPolicy', { screen: t('screen.zones.name') })
    : withMessaging === null
      ? t('messages.unavailable.noZoneHasMessaging')
      : t('messages.unavailable.switchTo', { zones: withMessaging, screen: t('screen.zones.name') });
  return (
    <StatusLine severity="warning">
      <p>{reason === 'zoneWithoutMessaging' ? t('messages.unavailable.zoneWithoutMessaging', { zone: active?.name[language] ?? '' }) : t(`messages.unavailable.${reason}`)}</p>
      {reason !== 'locked' && <p>{where}</p>}
    </StatusLine>
  );
}

/** No account yet in this zone: the cipher officer's hand-over file (a document encrypted to this user) is taken here. */
function CredentialsImport() {
  const t = useT();
  const importCredentials = useAirlock((state) => state.importMessagingCredentials);
  return (
    <StatusLine severity="warning">
      <p>{t('messages.unavailable.noCredentials')}</p>
      <p>{t('messages.credentials.how')}</p>
      <FileChooser label={t('messages.credentials.choose')} purpose="container" accept=".alc" primary onChosen={([path]) => path !== undefined && void importCredentials(path)} />
    </StatusLine>
  );
}

function Connection({ connection }: { connection: MessagingStatus['connection'] }) {
  const t = useT();
  const credentials = useAirlock((state) => state.messages.credentials);
  const taken = credentials === null ? null : <p>{t('messages.credentials.done', { user: credentials.user })}</p>;
  switch (connection.kind) {
    case 'connected':
      return (
        <StatusLine severity="ok">
          {taken}
          <p>{t('messages.connection.connected', { server: connection.server })}</p>
        </StatusLine>
      );
    case 'serverDown':
      return (
        <StatusLine severity="warning">
          {taken}
          <p>{t('messages.connection.serverDown')}</p>
          {/* "Unreachable" is what the line above says; the other reasons need the cipher officer. */}
          {connection.reason !== 'messaging.unreachable' && <p>{t(keyFor('error.', connection.reason) ?? 'error.ipc.internal')}</p>}
          <p>{t('messages.connection.nothingLost')}</p>
        </StatusLine>
      );
    default:
      return (
        <StatusLine severity="warning">
          {taken}
          <p>{t(`messages.connection.${connection.kind}`)}</p>
          <p>{t('messages.connection.nothingLost')}</p>
        </StatusLine>
      );
  }
}

function HeldAbove({ count, ceiling }: { count: number; ceiling: MessagingStatus['ceiling'] }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const zones = useAirlock((state) => state.zonesOverview?.zones ?? []);
  const active = useAirlock((state) => state.zones?.active?.id ?? null);
  const names = useZoneNames()(zonesAbove(zones, ceiling, active));
  return (
    <StatusLine severity="warning">
      <p>{names === null ? t('messages.heldAbove.noZone', { count: formatCount(language, count) }) : t('messages.heldAbove.switch', { count: formatCount(language, count), zones: names })}</p>
    </StatusLine>
  );
}
