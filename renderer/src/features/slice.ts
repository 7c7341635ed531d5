import type { SessionState } from '../../../shared/domain/session.js';
import type { AirlockApi } from '../../../shared/ipc/api.js';
import type { EventName, EventPayload } from '../../../shared/ipc/contract.js';
import type { IpcError } from '../../../shared/ipc/errors.js';
import type { Reply } from '../../../shared/ipc/reply.js';
import type { AirlockState, BusyAction } from '../store.js';

// What a feature slice is and what the store lends it. store.ts combines the slices and loops over
// them (initial state, lock reset, events, refresh); each feature's logic stays in its own folder.

/** Parts of the state that both replies and events write: a reply asked for before an event is stale. */
export type Fed = 'session' | 'zones' | 'language' | 'tokens' | 'tokenService';

export type Subscribe = <E extends EventName>(name: E, callback: (payload: EventPayload<E>) => void) => () => void;

/** What store.ts lends every slice: the bridge, the state, and the few rules all features share. */
export interface StoreKit {
  readonly api: AirlockApi;
  readonly get: () => AirlockState;
  readonly set: (part: Partial<AirlockState> | ((state: AirlockState) => Partial<AirlockState>)) => void;
  /** Runs a call that never throws: a broken bridge is a failed reply (ipc.unavailable). */
  readonly settle: <T>(call: () => Promise<Reply<T>>) => Promise<Reply<T>>;
  /**
   * Runs one call; a failure becomes lastError, a success is applied unless an event wrote `field`
   * meanwhile. Says whether the call succeeded.
   */
  readonly run: <T>(field: Fed | null, call: () => Promise<Reply<T>>, apply: (value: T) => Partial<AirlockState>) => Promise<boolean>;
  /** An event wrote `field`. */
  readonly fed: (field: Fed) => void;
  /** Busy flags make a double click a no-op instead of a second request (which could cost a PIN try). */
  readonly exclusive: (action: BusyAction, work: () => Promise<unknown>) => Promise<void>;
  /** Counts locks: an answer that arrives after one belongs to nobody and is dropped. */
  readonly locks: () => number;
  /** The session as the core said it; a locked one also puts back every slice's lock-reset fields. */
  readonly withSession: (session: SessionState) => Partial<AirlockState>;
  readonly fail: (error: IpcError) => void;
  readonly clearError: () => void;
  /** An action the user asked for: the last error gives way first. */
  readonly fresh: <P extends unknown[], R>(action: (...args: P) => R) => (...args: P) => R;
  /** Told of every state change (after it), for a slice that follows another's field. */
  readonly watch: (listener: (state: AirlockState, previous: AirlockState) => void) => void;
}

export interface SliceParts<A> {
  readonly actions: A;
  /** The core events this slice listens to; start() subscribes them and its return unsubscribes. */
  readonly events?: (on: Subscribe) => readonly (() => void)[];
  /** Asked by refresh() (at start, and by the retry button). */
  readonly load?: () => Promise<unknown>;
  /** Run at every lock with the reset: forgets what a pending reply would otherwise write back. */
  readonly onLock?: () => void;
}

/**
 * One feature's share of the store. `atLock` names every state field, so the compiler makes a new
 * field choose: 'reset' (a lock puts `initial` back: nothing of the session stays in the renderer)
 * or 'kept' (still shown while locked, such as the lock screen's own data).
 */
export interface Slice<S extends object, A extends object, B extends BusyAction = never> {
  readonly initial: S;
  readonly atLock: { readonly [K in keyof S]-?: 'reset' | 'kept' };
  /** Its busy flags (all false at first). */
  readonly busy: readonly B[];
  readonly create: (kit: StoreKit) => SliceParts<A>;
}
