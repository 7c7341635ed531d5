import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionState } from '../../shared/domain/session.js';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import type { Reply } from '../../shared/ipc/reply.js';
import { landingOf, placeOf, trackingOrigins, UNAVAILABLE, type Alert } from './alerts.js';
import { backupsSlice, type BackupsActions, type BackupsSliceState } from './features/backups/slice.js';
import { keyHoldersSlice, type KeyHoldersActions, type KeyHoldersBusy, type KeyHoldersSliceState } from './features/backups/key-holders-slice.js';
import { auditSlice, type AuditActions, type AuditBusy, type AuditSliceState } from './features/audit/slice.js';
import { documentsSlice, type DocumentsActions, type DocumentsSliceState } from './features/documents/slice.js';
import { signingSlice, type SigningActions, type SigningSliceState } from './features/signing/slice.js';
import { messagesSlice, type MessagesActions, type MessagesSliceState } from './features/messages/slice.js';
import { sessionSlice, type SessionActions, type SessionBusy, type SessionSliceState } from './features/session/slice.js';
import type { Fed, Slice, SliceParts, StoreKit } from './features/slice.js';
import { tokenSlice, type TokenActions, type TokenBusy, type TokenSliceState } from './features/token/slice.js';
import { zonesSlice, type ZonesActions, type ZonesBusy, type ZonesSliceState } from './features/zones/slice.js';
import { trainingSlice, type TrainingActions, type TrainingBusy, type TrainingSliceState } from './features/training/slice.js';
import { DEFAULT_SCREEN, type ScreenId } from './navigation.js';

export type { Alert } from './alerts.js';

// The renderer's single source of UI state: the feature slices (features/<capability>/slice.ts)
// combined. This file holds no feature logic: it lends the slices what they share (the bridge,
// busy flags, the last error, stale-reply and lock counting) and loops over them for the initial
// state, the lock reset, the core's events and refresh. A new feature is one line in SLICES.

export type { CertificateLoad } from './features/token/slice.js';
export type { AuditExport, AuditView, Outcome } from './features/audit/slice.js';

export type BusyAction = 'refresh' | SessionBusy | TokenBusy | AuditBusy | ZonesBusy | TrainingBusy | KeyHoldersBusy;

/** Every slice, in the order their events are subscribed and their loads asked. */
export const SLICES = [sessionSlice, zonesSlice, tokenSlice, auditSlice, documentsSlice, signingSlice, trainingSlice, messagesSlice, backupsSlice, keyHoldersSlice] as const;

/** What every screen shares: which screen, the alert shown on it, what is busy, and the app's own actions. */
interface AppState {
  readonly screen: ScreenId;
  /** The alert of the screen shown now (or of the lock screen): raised by a request sent from there. */
  readonly lastError: Alert | null;
  /** Failures that landed after the user had left the screen that asked: shown when they come back to it. */
  readonly parkedErrors: Readonly<Partial<Record<ScreenId, Alert>>>;
  readonly busy: Readonly<Record<BusyAction, boolean>>;
  /** Subscribes to the core's events, then loads everything; returns the unsubscribe. */
  readonly start: () => () => void;
  readonly refresh: () => Promise<void>;
  readonly showScreen: (screen: ScreenId) => void;
  readonly dismissError: () => void;
}

export interface AirlockState
  extends AppState,
    SessionSliceState,
    SessionActions,
    ZonesSliceState,
    ZonesActions,
    TokenSliceState,
    TokenActions,
    AuditSliceState,
    AuditActions,
    DocumentsSliceState,
    DocumentsActions,
    SigningSliceState,
    SigningActions,
    TrainingSliceState,
    TrainingActions,
    MessagesSliceState,
    MessagesActions,
    BackupsSliceState,
    BackupsActions,
    KeyHoldersSliceState,
    KeyHoldersActions {}

export type AirlockStore = StoreApi<AirlockState>;

type AnySlice = Slice<object, object, BusyAction>;

async function settle<T>(call: () => Promise<Reply<T>>): Promise<Reply<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { ...UNAVAILABLE } };
  }
}

/** The fields of `slice` a lock puts back, at their initial values. */
export function lockResetOf(slice: AnySlice): Record<string, unknown> {
  const initial = slice.initial as Record<string, unknown>;
  return Object.fromEntries(Object.entries(slice.atLock).filter(([, rule]) => rule === 'reset').map(([field]) => [field, initial[field]]));
}

/**
 * The api comes in as a parameter (no module-level singleton), so tests can drive the store with
 * the real core under plain Node.
 */
export function createAirlockStore(bridge: AirlockApi): AirlockStore {
  const slices: readonly AnySlice[] = SLICES as readonly AnySlice[];
  // An event that arrives while a request is in flight is newer than that request's reply;
  // counting events per field lets a late reply see that it is stale and drop itself.
  const eventCount: Record<Fed, number> = { session: 0, zones: 0, language: 0, tokens: 0, tokenService: 0 };
  // Bumped by every lock: an answer asked for in the session before is dropped.
  let lockCount = 0;
  const watchers: ((state: AirlockState, previous: AirlockState) => void)[] = [];

  return createStore<AirlockState>()((set, get, store) => {
    // Every request notes where it was asked from; its failure is shown there and nowhere else (alerts.ts).
    const { api, originOf } = trackingOrigins(bridge, () => ({ place: placeOf(get()), locks: lockCount }));
    const fail = (error: IpcError) => {
      const here = { place: placeOf(get()), locks: lockCount };
      const landing = landingOf(error, originOf(error) ?? { ...here, channel: null }, here);
      if (landing.to === 'shown') set({ lastError: landing.alert });
      else if (landing.to === 'parked') set((state) => ({ parkedErrors: { ...state.parkedErrors, [landing.alert.place]: landing.alert } }));
    };
    store.subscribe((state, previous) => {
      for (const watcher of watchers) watcher(state, previous);
    });
    const setBusy = (action: BusyAction, value: boolean) => set((state) => ({ busy: { ...state.busy, [action]: value } }));
    let parts: readonly SliceParts<object>[] = [];

    const kit: StoreKit = {
      api,
      get,
      set,
      settle,
      run: async (field, call, apply) => {
        const seen = field === null ? 0 : eventCount[field];
        const reply = await settle(call);
        if (!reply.ok) {
          fail(reply.error);
          return false;
        }
        if (field === null || eventCount[field] === seen) set(apply(reply.value));
        return true;
      },
      fed: (field) => {
        eventCount[field] += 1;
      },
      exclusive: async (action, work) => {
        if (get().busy[action]) return;
        setBusy(action, true);
        try {
          await work();
        } finally {
          setBusy(action, false);
        }
      },
      locks: () => lockCount,
      withSession: (session: SessionState) => {
        // An alert belongs to the side of the lock that raised it: locking or unlocking moves the user on.
        const previous = get().session;
        const moved = previous !== null && previous.locked !== session.locked ? { lastError: null, parkedErrors: {} } : {};
        if (!session.locked) return { session, ...moved };
        // Only a lock that happened counts: a refresh reading "still locked" must not drop the
        // answers it asked for beside it (the token list's failure on the lock screen).
        if (previous !== null && !previous.locked) lockCount += 1;
        for (const part of parts) part.onLock?.();
        return Object.assign({ session }, ...slices.map(lockResetOf), moved) as Partial<AirlockState>;
      },
      fail,
      clearError: () => set({ lastError: null }),
      fresh:
        (action) =>
        (...args) => {
          set({ lastError: null });
          return action(...args);
        },
      watch: (listener) => {
        watchers.push(listener);
      },
    };
    parts = slices.map((slice) => slice.create(kit));

    const busy = Object.fromEntries(['refresh', ...slices.flatMap((slice) => slice.busy)].map((action) => [action, false])) as Record<BusyAction, boolean>;
    const app: AppState = {
      screen: DEFAULT_SCREEN,
      lastError: null,
      parkedErrors: {},
      busy,
      start: () => {
        const unsubscribe = parts.flatMap((part) => part.events?.((name, callback) => api.events.on(name, callback)) ?? []);
        void get().refresh();
        return () => {
          for (const off of unsubscribe) off();
        };
      },
      refresh: () =>
        kit.exclusive('refresh', async () => {
          set({ lastError: null });
          await Promise.all(parts.map((part) => part.load?.()));
        }),
      // An alert belongs to the screen that raised it: leaving puts it away (it has been seen);
      // coming back shows what failed there while the user was elsewhere.
      showScreen: (screen) =>
        set((state) => {
          const { [screen]: parked = null, ...others } = state.parkedErrors;
          return { screen, lastError: parked, parkedErrors: others };
        }),
      dismissError: () => set({ lastError: null }),
    };
    return Object.assign({}, ...slices.map((slice) => slice.initial), ...parts.map((part) => part.actions), app) as AirlockState;
  });
}
