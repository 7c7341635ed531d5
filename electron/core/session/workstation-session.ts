import type { LockReason, SessionState } from '../../../shared/domain/session.js';
import type { TokenRef } from '../../../shared/domain/token.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';

export interface UnlockRequest {
  readonly token: TokenRef;
  /** Absent for a PIN-pad reader. Dropped as soon as the token has answered. */
  readonly pin?: string | undefined;
}

/**
 * What proves the user may come back in: the token service's login. Without a token service
 * the composition root passes an unlocker that always refuses (fail closed).
 */
export interface Unlocker {
  /**
   * Resolves when the user is authenticated; throws a DomainError otherwise. `cancelled` fires when
   * a lock is asked for meanwhile (token service stopped, token removed, the user's own lock): the
   * unlocker then closes what it opened and throws its reason.
   */
  unlock(request: UnlockRequest, cancelled: AbortSignal): Promise<void>;
}

/** What an unlock cut short by a lock answers: the token-service error when that is why. */
export function cancelledUnlockError(reason: LockReason): DomainError {
  if (reason === 'tokenServiceStopped') return new DomainError('token.serviceStopped');
  if (reason === 'tokenRemoved') return new DomainError('token.removed');
  return new DomainError('session.locked');
}

/** Anything holding keys or plaintext registers here and is wiped on every lock. */
export type LockListener = (reason: LockReason) => void;

export interface SessionOptions {
  /** With a token service the workstation starts locked: nothing is usable before token + PIN. */
  readonly startLocked?: boolean;
  /** Lock after this long without user activity; 0: never. */
  readonly idleLockMs?: number;
  readonly now?: () => Date;
}

export class WorkstationSession {
  #state: SessionState;
  readonly #onLock = new Set<LockListener>();
  readonly #now: () => Date;
  readonly #idleLockMs: number;
  #idle: NodeJS.Timeout | undefined;
  /** Unlocks in progress: a lock asked for while one runs must not be lost (the state is still locked). */
  readonly #unlocking = new Map<AbortController, LockReason[]>();

  constructor(
    private readonly events: EventBus,
    private readonly unlocker: Unlocker,
    options: SessionOptions = {},
  ) {
    this.#now = options.now ?? (() => new Date());
    this.#idleLockMs = options.idleLockMs ?? 0;
    this.#state = options.startLocked === true ? { locked: true, reason: 'startup', lockedAt: this.#now().toISOString() } : { locked: false };
    this.touch();
  }

  state(): SessionState {
    return this.#state;
  }

  onLock(listener: LockListener): () => void {
    this.#onLock.add(listener);
    return () => this.#onLock.delete(listener);
  }

  /** User activity: restarts the idle timer. */
  touch(): void {
    if (this.#idleLockMs <= 0 || this.#state.locked) return;
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.lock('idle'), this.#idleLockMs);
    this.#idle.unref();
  }

  /** Idempotent; the first reason is kept, so "token removed" is not overwritten by a later "manual". */
  lock(reason: LockReason): SessionState {
    for (const [attempt, reasons] of this.#unlocking) {
      reasons.push(reason);
      attempt.abort(cancelledUnlockError(reason));
    }
    if (this.#state.locked) return this.#state;
    clearTimeout(this.#idle);
    this.#state = { locked: true, reason, lockedAt: this.#now().toISOString() };
    for (const listener of this.#onLock) listener(reason);
    this.events.emit('session.changed', this.#state);
    return this.#state;
  }

  /**
   * Commits only if no lock was asked for while the unlocker ran. The check and the commit are one
   * synchronous step after the unlocker's last answer, so no stop can fall between them.
   */
  async unlock(request: UnlockRequest): Promise<SessionState> {
    if (!this.#state.locked) return this.#state;
    const attempt = new AbortController();
    const lockReasons: LockReason[] = [];
    this.#unlocking.set(attempt, lockReasons);
    try {
      await this.unlocker.unlock(request, attempt.signal);
    } finally {
      this.#unlocking.delete(attempt);
    }
    if (attempt.signal.aborted) {
      // An unlocker that ignored the signal: wipe what it opened as a lock would.
      for (const listener of this.#onLock) listener(lockReasons[0] ?? 'manual');
      throw attempt.signal.reason as DomainError;
    }
    this.#state = { locked: false };
    this.touch();
    this.events.emit('session.changed', this.#state);
    return this.#state;
  }

  dispose(): void {
    clearTimeout(this.#idle);
  }
}
