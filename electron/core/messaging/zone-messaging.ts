/**
 * Messaging's life inside one zone: the connection opened with the zone's sealed credentials, the
 * outbox sent on every (re)connection, the inbox fetched while connected. Registered with the zone
 * service as one resource, so leaving the zone closes all of it before the network goes; a lock
 * closes it too. The seed exists in one copy only, the connection's, zeroed when it closes.
 */
import type { MessagingState } from '../../../shared/domain/messaging.js';
import type { ZoneBoundResource } from '../zones/zone-ports.js';
import { MessagingConnection } from './connection.js';
import { Inbox } from './inbox.js';
import type { InboxReceiver, OutboxFlush } from './messaging-parts.js';
import type { MessagingCredentials } from './messaging-ports.js';
import { ReceiveLoop } from './receive-loop.js';

export interface ZoneMessagingOptions {
  readonly credentials: MessagingCredentials;
  readonly outbox: OutboxFlush | undefined;
  readonly receiver: InboxReceiver | undefined;
  /** Every state of the connection, and its close. */
  readonly onState: (state: MessagingState) => void;
  /** A flush or a batch that failed: kept for the diagnostic log, the next connection tries again. */
  readonly onFailure: (error: unknown) => void;
  readonly retryMs?: number;
}

export class ZoneMessaging implements ZoneBoundResource {
  readonly name = 'messaging';
  readonly connection: MessagingConnection;
  readonly inbox: Inbox;
  readonly #loop: ReceiveLoop | undefined;
  readonly #receiver: InboxReceiver | undefined;
  readonly outbox: OutboxFlush | undefined;
  readonly #onFailure: (error: unknown) => void;
  readonly #onState: (state: MessagingState) => void;
  #unsubscribe: () => void = () => undefined;
  #flushing: Promise<void> | undefined;
  #flushAgain = false;
  #closing: Promise<void> | undefined;

  constructor(options: ZoneMessagingOptions) {
    const { credentials } = options;
    try {
      this.connection = new MessagingConnection({
        servers: credentials.servers,
        rootsPem: credentials.rootsPem,
        user: credentials.user,
        device: credentials.device,
        seed: credentials.seed,
        ...(options.retryMs === undefined ? {} : { retryMs: options.retryMs }),
      });
    } finally {
      // The connection took its own copy: the one read from the store goes at once.
      credentials.seed.fill(0);
    }
    this.inbox = new Inbox(this.connection);
    this.outbox = options.outbox;
    this.#receiver = options.receiver;
    this.#onFailure = options.onFailure;
    this.#loop = options.receiver === undefined ? undefined : new ReceiveLoop(this.connection, this.inbox, options.receiver, { failure: options.onFailure });
    this.#onState = options.onState;
  }

  open(): void {
    // Opened first, so the first state the listener hears is `connecting`, never a stale `disconnected`.
    this.connection.open();
    this.#unsubscribe = this.connection.onState((state) => {
      if (state.kind === 'connected') void this.flush();
      this.#onState(state);
    });
    this.#loop?.start();
  }

  /** Sends the outbox now (after a compose, on reconnection); one flush at a time, another after it if asked meanwhile; resolves when both are done. */
  flush(): Promise<void> {
    const outbox = this.outbox;
    if (outbox === undefined || this.#closing !== undefined) return Promise.resolve();
    if (this.#flushing !== undefined) {
      this.#flushAgain = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      do {
        this.#flushAgain = false;
        await outbox.flush(this.inbox).catch(this.#onFailure);
      } while (this.#flushAgain && this.#closing === undefined && this.connection.state.kind === 'connected');
    })().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  /** Fetch now (the screen opened): ends the receive loop's idle pause. */
  nudge(): void {
    this.#loop?.nudge();
  }

  /** Idempotent: every caller (the lock, the zone's leaveZone step) waits for the same close. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      // The batch in hand ends (a fetch waits 2 s at most), then the receiver hands back what it
      // holds while the connection still lives; then the connection goes and a publish in hand fails.
      await this.#loop?.stop();
      await this.#receiver?.release?.().catch(this.#onFailure);
      await Promise.all([this.connection.close(), this.#flushing]);
      this.#unsubscribe();
    })();
    return this.#closing;
  }
}
