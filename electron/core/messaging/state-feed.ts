import type { MessagingState } from '../../../shared/domain/messaging.js';

export type StateListener = (state: MessagingState) => void;

/** The current messaging state and who listens to it; a listener that throws does not stop the others. */
export class StateFeed {
  #state: MessagingState = { kind: 'disconnected' };
  readonly #listeners = new Set<StateListener>();

  get current(): MessagingState {
    return this.#state;
  }

  set(state: MessagingState): void {
    if (JSON.stringify(state) === JSON.stringify(this.#state)) return;
    this.#state = state;
    for (const listener of this.#listeners) {
      try {
        listener(state);
      } catch {
        // A listener's failure is its own; the connection goes on.
      }
    }
  }

  /** Calls `listener` now with the current state and on every change; returns the unsubscribe. */
  subscribe(listener: StateListener): () => void {
    this.#listeners.add(listener);
    listener(this.#state);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves at the first state (now or later) that `accept` takes. */
  until(accept: (state: MessagingState) => boolean): Promise<MessagingState> {
    return new Promise((resolve) => {
      const stop = this.subscribe((state) => {
        if (!accept(state)) return;
        queueMicrotask(() => stop());
        resolve(state);
      });
    });
  }
}
