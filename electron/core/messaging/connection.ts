/**
 * The workstation's connection to the messaging servers: TLS to the pinned roots only, NKEY login
 * with the user's seed, reconnection by the client library, and one typed state for the screen.
 * It is a zone-bound resource: the zone service closes it when the zone is left.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { MessagingState } from '../../../shared/domain/messaging.js';
import { DomainError } from '../domain-error.js';
import type { ZoneBoundResource } from '../zones/zone-ports.js';
import { connectionFailure } from './connection-failure.js';
import { nkeySeedAuthenticator } from './nkey-auth.js';
import { StateFeed, type StateListener } from './state-feed.js';
import { replyPrefix } from './subjects.js';

export interface MessagingConnectionOptions {
  /** `tls://host:port` of the cluster's servers. */
  readonly servers: readonly string[];
  /** The only roots a server certificate may chain to (PEM); the OS store is never used. */
  readonly rootsPem: string;
  readonly user: string;
  readonly device: string;
  /** The user's NKEY seed (`SU…` as bytes). Copied; the copy is zeroed by `close()`. */
  readonly seed: Uint8Array;
  /** Wait between attempts, first connection and reconnections alike; default 2 s. */
  readonly retryMs?: number;
  /** One attempt's limit (TCP, TLS, login); default 5 s. */
  readonly attemptTimeoutMs?: number;
}

const DEFAULT_RETRY_MS = 2000;
const DEFAULT_ATTEMPT_TIMEOUT_MS = 5000;

export class MessagingConnection implements ZoneBoundResource {
  readonly name = 'messaging';
  readonly user: string;
  readonly device: string;
  readonly #options: MessagingConnectionOptions;
  readonly #seed: Uint8Array;
  readonly #state = new StateFeed();
  #nc: NatsConnection | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #wake: (() => void) | undefined;

  constructor(options: MessagingConnectionOptions) {
    this.#options = options;
    this.user = options.user;
    this.device = options.device;
    this.#seed = Uint8Array.from(options.seed);
    replyPrefix(options.user); // validates the id before anything connects
  }

  get state(): MessagingState {
    return this.#state.current;
  }

  onState(listener: StateListener): () => void {
    return this.#state.subscribe(listener);
  }

  /** Resolves at the first state `accept` takes (tests, and the screen's "wait for connected"). */
  until(accept: (state: MessagingState) => boolean): Promise<MessagingState> {
    return this.#state.until(accept);
  }

  /** Starts connecting, and keeps trying while the servers are down, until `close()`. */
  open(): void {
    if (this.#closed) throw new DomainError('messaging.notConnected');
    this.#running ??= this.#run();
  }

  /** The live connection, or `messaging.notConnected`. */
  connection(): NatsConnection {
    const nc = this.#nc;
    if (nc === undefined || nc.isClosed() || this.#state.current.kind !== 'connected') throw new DomainError('messaging.notConnected');
    return nc;
  }

  /** Closes the connection for good and zeroes the seed; the zone switch calls it when the zone is left. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#wake?.();
    const nc = this.#nc;
    this.#nc = undefined;
    await nc?.close().catch(() => undefined);
    await this.#running;
    this.#seed.fill(0);
    this.#state.set({ kind: 'disconnected' });
  }

  async #run(): Promise<void> {
    while (!this.#closed) {
      this.#state.set({ kind: 'connecting' });
      try {
        const nc = await this.#connect();
        if (this.#closed) {
          await nc.close();
          return;
        }
        this.#nc = nc;
        this.#state.set({ kind: 'connected', server: nc.getServer() });
        const ended = await this.#follow(nc);
        if (this.#closed) return;
        this.#state.set({ kind: 'serverDown', reason: ended });
      } catch (error) {
        if (this.#closed) return;
        this.#state.set({ kind: 'serverDown', reason: connectionFailure(error) });
      }
      await this.#pause();
    }
  }

  #connect(): Promise<NatsConnection> {
    const retryMs = this.#options.retryMs ?? DEFAULT_RETRY_MS;
    return connect({
      servers: [...this.#options.servers],
      name: `airlock ${this.user}/${this.device}`,
      tls: { ca: this.#options.rootsPem },
      authenticator: nkeySeedAuthenticator(() => this.#seed),
      inboxPrefix: replyPrefix(this.user),
      timeout: this.#options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: retryMs,
      reconnectJitter: Math.round(retryMs / 4),
      reconnectJitterTLS: Math.round(retryMs / 4),
    });
  }

  /** Mirrors the client's status while it lives; returns why it closed by itself. */
  async #follow(nc: NatsConnection): Promise<ReturnType<typeof connectionFailure>> {
    let last: ReturnType<typeof connectionFailure> = 'messaging.unreachable';
    const statuses = (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this.#state.set({ kind: 'serverDown', reason: last });
        else if (status.type === 'reconnect') this.#state.set({ kind: 'connected', server: nc.getServer() });
        else if (status.type === 'error') {
          last = connectionFailure(status.error);
          if (this.#state.current.kind !== 'connected') this.#state.set({ kind: 'serverDown', reason: last });
        }
      }
    })();
    const closedWith = await nc.closed();
    await statuses.catch(() => undefined);
    return closedWith === undefined ? last : connectionFailure(closedWith);
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.#options.retryMs ?? DEFAULT_RETRY_MS);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
