import type { AirlockApi } from '../../shared/ipc/api.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import type { Reply } from '../../shared/ipc/reply.js';
import type { ScreenId } from './navigation.js';

// Pure module: which screen and which request an alert belongs to. A reply can land long after
// its request left (a slow disk, a token waiting for its PIN pad): by then the user may be on
// another screen, or behind the lock. The place and the request are noted when the request is
// sent, so the failure is shown where it was asked for, never on the screen the user is on now.

/** Where an alert is shown: a screen of the unlocked workstation, or the lock screen (also before the core has answered). */
export type AlertPlace = ScreenId | 'lock';

/** A request as it left: the place it was asked from, the channel, and how many locks had happened. */
export interface Origin {
  readonly place: AlertPlace;
  readonly channel: string | null;
  readonly locks: number;
}

/** An error from the core with what it belongs to; its title names the request that failed. */
export type Alert = IpcError & { readonly place: AlertPlace; readonly channel: string | null };

/** What a thrown or rejected call becomes: the bridge itself failed, so the core is unreachable. */
export const UNAVAILABLE: IpcError = { code: 'ipc.unavailable', messageKey: 'error.ipc.unavailable' };

export function placeOf(state: { readonly session: { readonly locked: boolean } | null; readonly screen: ScreenId }): AlertPlace {
  return state.session?.locked === false ? state.screen : 'lock';
}

/** What becomes of a failure that lands now: shown here, kept for its own screen, or dropped. */
export type Landing = { readonly to: 'shown' | 'parked'; readonly alert: Alert } | { readonly to: 'dropped' };

export function landingOf(error: IpcError, origin: Origin, now: { readonly place: AlertPlace; readonly locks: number }): Landing {
  // A lock since the request left wiped what it was about; after an unlock the lock screen's errors are moot.
  if (origin.locks !== now.locks) return { to: 'dropped' };
  const alert: Alert = { ...error, place: origin.place, channel: origin.channel };
  if (origin.place === now.place) return { to: 'shown', alert };
  return origin.place === 'lock' ? { to: 'dropped' } : { to: 'parked', alert };
}

type Call = (request: unknown) => Promise<unknown>;

function isFailedReply(value: unknown): value is Extract<Reply<unknown>, { ok: false }> {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && typeof (value as { error?: unknown }).error === 'object';
}

/**
 * `api` with every channel noting its request's origin (`now()` when it is sent) on the error of a
 * failed reply, read back by `originOf`. A rejected call (broken bridge) becomes the failed reply
 * "core unavailable", noted alike. The bridge's own `files.pathOf` and `events` pass through.
 */
export function trackingOrigins(api: AirlockApi, now: () => Omit<Origin, 'channel'>): { readonly api: AirlockApi; readonly originOf: (error: IpcError) => Origin | undefined } {
  const origins = new WeakMap<IpcError, Origin>();
  const track = (channel: string, call: Call): Call => (request) => {
    const origin: Origin = { ...now(), channel };
    const noted = (error: IpcError) => {
      // A copy: the same error object may come back for another request.
      const own = { ...error };
      origins.set(own, origin);
      return { ok: false, error: own };
    };
    return call(request).then(
      (reply) => (isFailedReply(reply) ? noted(reply.error) : reply),
      () => noted(UNAVAILABLE),
    );
  };
  const tracked = Object.fromEntries(
    Object.entries(api as unknown as Record<string, Record<string, Call>>).map(([domain, calls]) => {
      if (domain === 'events') return [domain, calls];
      return [domain, Object.fromEntries(Object.entries(calls).map(([method, call]) => [method, domain === 'files' && method === 'pathOf' ? call : track(`${domain}.${method}`, call)]))];
    }),
  );
  return { api: tracked as unknown as AirlockApi, originOf: (error) => origins.get(error) };
}

/**
 * The requests whose failure reaches an alert, each with a title naming what failed ("The document
 * could not be opened"), so no alert says only "that did not work". Listed in the catalog's
 * derived keys: a new one needs its title in both languages.
 */
export const TITLED_CHANNELS = [
  'app.info',
  'settings.get',
  'session.state',
  'token.list',
  'token.service',
  'session.lock',
  'session.unlock',
  'settings.setLanguage',
  'token.changePin',
  'store.cancelRotation',
  'zones.status',
  'zones.overview',
  'training.tourStart',
  'training.tourProgress',
  'training.tourEnd',
  'documents.open',
  'documents.view',
  'documents.close',
  'documents.export',
  'documents.recent',
  'documents.forgetRecent',
  'documents.decrypt',
  'documents.cancelDecryption',
  'documents.encrypt',
  'documents.cancelEncryption',
  'signing.preview',
  'signing.sign',
  'signing.cancel',
  'signing.verify',
  'directory.list',
  'directory.import',
  'files.chooseOpen',
  'files.chooseSave',
  'files.places',
  'documents.inbox',
  'training.status',
  'messages.status',
  'messages.inbox',
  'messages.open',
  'messages.thread',
  'messages.compose',
  'messages.cancelCompose',
  'messages.sent',
  'messages.verifyReceipt',
  'messages.fetchAttachment',
  'messages.importCredentials',
  'backups.status',
  'backups.setFolders',
  'backups.setTargetFolder',
  'backups.setRetention',
  'backups.setSchedule',
  'backups.init',
  'backups.run',
  'backups.snapshots',
  'backups.files',
  'backups.restore',
  'backups.verify',
  'backups.drill',
  'backups.forget',
  'backups.cancel',
  'backups.keyHolders',
  'backups.addKeyHolder',
  'backups.removeKeyHolder',
  'backups.rekey',
  'backups.acceptKeyGeneration',
] as const;
export type TitledChannel = (typeof TITLED_CHANNELS)[number];

/** Channels whose failure the renderer shows in its own section (with its own words), never in an alert, or never calls. */
export const UNTITLED_CHANNELS = [
  // Whether a visible block can be drawn: a failure leaves the option off, which the screen says.
  'signing.options',
  'token.certificates',
  'zones.switch',
  'zones.reloadPolicy',
  'certificates.importCrl',
  'certificates.importCrlFiles',
  'directory.remove',
  'store.rotateDataKey',
  'audit.query',
  'audit.verify',
  'audit.export',
] as const;

/** Errors that name the failure better than the request does ("Wrong PIN" rather than "not unlocked"). */
export const TITLED_CODES = ['token.pinIncorrect', 'token.pinLocked', 'session.locked'] as const;
export type TitledCode = (typeof TITLED_CODES)[number];
