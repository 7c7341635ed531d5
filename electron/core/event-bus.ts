import type { EventName, EventPayload } from '../../shared/ipc/contract.js';

export type EventListener = (name: EventName, payload: unknown) => void;

/** Main-process events on their way to the renderer; each shell subscribes one forwarder. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken forwarder (window closing) must not stop the others, nor the service that emitted.
      }
    }
  }
}
