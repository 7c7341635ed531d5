/**
 * Fetches the inbox while the connection is up: batch after batch while messages come, a growing
 * pause while none do (so an idle workstation asks the server rarely), a pause after a failure, and
 * an end as soon as the zone's messaging session closes.
 */
import type { MessagingState } from '../../../shared/domain/messaging.js';
import type { Inbox } from './inbox.js';
import type { InboxReceiver } from './messaging-parts.js';

export interface ReceiveLoopOptions {
  /** First pause when a fetch brought nothing; doubled up to `idleMaxMs`. */
  readonly idleMinMs?: number;
  readonly idleMaxMs?: number;
  /** A batch that failed (server gone mid-fetch, a bug in a message's handling). */
  readonly failure?: (error: unknown) => void;
}

const IDLE_MIN_MS = 500;
const IDLE_MAX_MS = 10_000;

export interface ConnectionWatch {
  readonly state: MessagingState;
  until(accept: (state: MessagingState) => boolean): Promise<MessagingState>;
}

export class ReceiveLoop {
  readonly #stopped: Promise<void>;
  #stop!: () => void;
  #done = false;
  #wake: (() => void) | undefined;
  #running: Promise<void> | undefined;

  constructor(
    private readonly connection: ConnectionWatch,
    private readonly inbox: Inbox,
    private readonly receiver: InboxReceiver,
    private readonly options: ReceiveLoopOptions = {},
  ) {
    this.#stopped = new Promise((resolve) => (this.#stop = resolve));
  }

  start(): void {
    this.#running ??= this.#run();
  }

  /** Fetch now (a new message announced, the screen opened): ends the idle pause. */
  nudge(): void {
    this.#wake?.();
  }

  /** Ends the loop; resolves once the batch in hand (if any) is done. */
  async stop(): Promise<void> {
    this.#done = true;
    this.#stop();
    this.#wake?.();
    await this.#running;
  }

  async #run(): Promise<void> {
    const min = this.options.idleMinMs ?? IDLE_MIN_MS;
    const max = this.options.idleMaxMs ?? IDLE_MAX_MS;
    let idle = min;
    while (!this.#done) {
      if (this.connection.state.kind !== 'connected') {
        await Promise.race([this.connection.until((state) => state.kind === 'connected'), this.#stopped]);
        continue;
      }
      let handled = 0;
      try {
        handled = await this.receiver.receiveBatch(this.inbox);
      } catch (error) {
        this.options.failure?.(error);
      }
      if (handled > 0) {
        idle = min;
        continue;
      }
      await this.#pause(idle);
      idle = Math.min(idle * 2, max);
    }
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
