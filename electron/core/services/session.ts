import type { LockReason, SessionState } from '../../../shared/domain/session.js';
import type { EventBus } from '../event-bus.js';

/**
 * What proves the user may come back in. The token service provides the real one; until it is
 * wired, the composition root passes an unlocker that always refuses (fail closed).
 */
export interface Unlocker {
  /** Resolves when the user is authenticated; throws a DomainError otherwise. */
  unlock(): Promise<void>;
}

/** Anything holding keys or plaintext registers here and is wiped on every lock. */
export type LockListener = (reason: LockReason) => void;

export class WorkstationSession {
  #state: SessionState = { locked: false };
  readonly #onLock = new Set<LockListener>();

  constructor(
    private readonly events: EventBus,
    private readonly unlocker: Unlocker,
    private readonly now: () => Date = () => new Date(),
  ) {}

  state(): SessionState {
    return this.#state;
  }

  onLock(listener: LockListener): () => void {
    this.#onLock.add(listener);
    return () => this.#onLock.delete(listener);
  }

  /** Idempotent; the first reason is kept, so "token removed" is not overwritten by a later "manual". */
  lock(reason: LockReason): SessionState {
    if (this.#state.locked) return this.#state;
    this.#state = { locked: true, reason, lockedAt: this.now().toISOString() };
    for (const listener of this.#onLock) listener(reason);
    this.events.emit('session.changed', this.#state);
    return this.#state;
  }

  async unlock(): Promise<SessionState> {
    if (!this.#state.locked) return this.#state;
    await this.unlocker.unlock();
    this.#state = { locked: false };
    this.events.emit('session.changed', this.#state);
    return this.#state;
  }
}
