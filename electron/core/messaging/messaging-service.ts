/**
 * Messaging in the live zone (issue #15, docs/messaging.md "The client"): when the workstation is
 * unlocked in a zone whose policy lists the 'messaging' service and whose sealed store holds the
 * officer's credentials, a connection is opened with them; a lock, a zone left or a policy change
 * closes it. The status (why messaging cannot be used, the connection, the ceiling, what waits) is
 * pushed as 'messages.status' on every change. The Messages screen's calls go to the zone's parts.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import type { LockReason } from '../../../shared/domain/session.js';
import type { MessagingState } from '../../../shared/domain/messaging.js';
import type { MessagingStatus } from '../../../shared/domain/message.js';
import type { ZoneId } from '../../../shared/domain/zone.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import type { WorkstationSession } from '../session/workstation-session.js';
import type { ZoneService } from '../zones/zone-service.js';
import type { MessagingParts, MessagingZone } from './messaging-parts.js';
import type { ComposeRequest } from '../../../shared/domain/message.js';
import type { MessagingFacade, TransferControl } from './messaging-ports.js';
import { SealedOutbox } from './sealed-outbox.js';
import { ZoneMessaging } from './zone-messaging.js';

type Unavailable = NonNullable<MessagingStatus['unavailable']>;

export interface MessagingServiceOptions {
  readonly zones: Pick<ZoneService, 'status' | 'overview' | 'activeStore' | 'register'>;
  readonly session: Pick<WorkstationSession, 'state' | 'onLock'>;
  readonly events: EventBus;
  readonly audit: AuditTrail;
  readonly parts: MessagingParts;
  /** Wait between connection attempts (default: the connection's own). */
  readonly retryMs?: number;
  /** A flush, a batch or a status that failed: for the diagnostic log (never shown, never plaintext). */
  readonly failure?: (error: unknown) => void;
}

/** The zone messaging may run in now, or why it may not. */
type Target = { readonly kind: 'unavailable'; readonly reason: Unavailable } | { readonly kind: 'zone'; readonly zone: ZoneId };

interface Live {
  readonly zone: MessagingZone;
  readonly messaging: ZoneMessaging;
  readonly unregister: () => void;
  /** Connected at least once since the last drop: a server lost is audited once, not at every retry. */
  connected: boolean;
}

export class MessagingService implements MessagingFacade {
  readonly #options: MessagingServiceOptions;
  #live: Live | undefined;
  /** Why there is no connection in a zone that allows messaging (no credentials, or they failed to load). */
  #blocked: { readonly zone: ZoneId; readonly reason: Unavailable } | undefined;
  #refreshing: Promise<void> = Promise.resolve();
  #publishing: Promise<void> = Promise.resolve();
  #published = '';
  #zoneContext: { readonly zone: ZoneId; readonly generation: number; readonly made: Promise<MessagingZone> } | undefined;
  /** Raised by every close: a connect that read the store across a lock or a switch gives up. */
  #generation = 0;

  constructor(options: MessagingServiceOptions) {
    this.#options = options;
    options.session.onLock((reason) => void this.#close(reason));
    options.events.subscribe((name) => {
      if (name === 'zones.changed' || name === 'session.changed') this.refresh();
    });
  }

  /** Looks at the session and the zone again; serialised, so two changes never open two connections. */
  refresh(): Promise<void> {
    const next = this.#refreshing.then(() => this.#refresh());
    this.#refreshing = next.catch((error: unknown) => this.#options.failure?.(error));
    return this.#refreshing;
  }

  /** The Messages screen's header, fresh. */
  async status(): Promise<MessagingStatus> {
    const target = this.#target();
    const ceiling = this.#options.zones.status().active?.highestClassification ?? null;
    const unavailable = target.kind === 'unavailable' ? target.reason : this.#blocked?.zone === target.zone ? this.#blocked.reason : null;
    const live = this.#live;
    const connection: MessagingStatus['connection'] = unavailable === null && live !== undefined ? live.messaging.connection.state : { kind: 'disconnected' };
    const counts = target.kind === 'zone' ? await this.#counts().catch(() => ({ outbox: 0, heldAbove: 0 })) : { outbox: 0, heldAbove: 0 };
    return { available: unavailable === null, unavailable, connection, ceiling, ...counts };
  }

  inbox(request: Parameters<MessagingFacade['inbox']>[0]): ReturnType<MessagingFacade['inbox']> {
    return this.#part('reading').then((reading) => reading.inbox(request));
  }

  /** The first opening may queue a signed receipt: sent at once when connected (the outbox is flushed). */
  async open(id: number): ReturnType<MessagingFacade['open']> {
    const view = await (await this.#part('reading')).open(id);
    if (view.receiptSent) void this.#live?.messaging.flush();
    return view;
  }

  thread(id: number): ReturnType<MessagingFacade['thread']> {
    return this.#part('reading').then((reading) => reading.thread(id));
  }

  /**
   * Signs, encrypts and queues; sent at once when connected (the outbox is flushed and waited for),
   * else on reconnection. `queued`: still in the sealed outbox after that attempt (not connected, server down).
   */
  async compose(request: ComposeRequest, control: TransferControl): ReturnType<MessagingFacade['compose']> {
    const zone = await this.#zone();
    const writing = await this.#part('writing');
    const result = await writing.compose(request, control);
    const live = this.#live?.zone.id === zone.id ? this.#live : undefined;
    if (live !== undefined && live.messaging.connection.state.kind === 'connected') await live.messaging.flush();
    void this.#publish();
    return { ...result, queued: result.queued && new SealedOutbox(zone.store).get(result.messageId)?.state !== 'sent' };
  }

  sent(cursor: string | undefined): ReturnType<MessagingFacade['sent']> {
    return this.#part('writing').then((writing) => writing.sent(cursor));
  }

  verifyReceipt(messageId: string, reader: string): ReturnType<MessagingFacade['verifyReceipt']> {
    return this.#part('writing').then((writing) => writing.verifyReceipt(messageId, reader));
  }

  async fetchAttachment(id: number, index: number, control: TransferControl): ReturnType<MessagingFacade['fetchAttachment']> {
    const zone = await this.#zone();
    const live = this.#live;
    const make = this.#options.parts.attachments;
    if (make === undefined) throw new DomainError('ipc.unavailable');
    if (live === undefined || live.zone.id !== zone.id) throw new DomainError('messaging.notConnected');
    return make(zone, live.messaging.connection).fetchAttachment(id, index, control);
  }

  /** Seals the officer's hand-over in the live zone's store, then connects with it. */
  async importCredentials(path: string): ReturnType<MessagingFacade['importCredentials']> {
    const zone = await this.#zone();
    const make = this.#options.parts.importCredentials;
    if (make === undefined) throw new DomainError('ipc.unavailable');
    const imported = await make(zone).importCredentials(path);
    if (this.#blocked?.zone === zone.id) this.#blocked = undefined;
    await this.refresh();
    return imported;
  }

  /**
   * The live connection of `zone`, for the backups' object-store target: only the zone's own, only
   * while connected (`messaging.notConnected` otherwise); its close on a lock or a switch ends their use.
   */
  backupConnection(zone: ZoneId): NatsConnection {
    const live = this.#live;
    if (live === undefined || live.zone.id !== zone || this.#target().kind !== 'zone') throw new DomainError('messaging.notConnected');
    return live.messaging.connection.connection();
  }

  /** Closes the connection (the core stops). */
  async stop(): Promise<void> {
    await this.#close(undefined);
  }

  async #refresh(): Promise<void> {
    const target = this.#target();
    const live = this.#live;
    if (live !== undefined && (target.kind !== 'zone' || live.zone.id !== target.zone)) await this.#close(undefined);
    if (target.kind !== 'zone') {
      this.#blocked = undefined;
      this.#zoneContext = undefined;
    } else if (this.#live === undefined && this.#blocked?.zone !== target.zone) {
      try {
        const generation = this.#generation;
        await this.#connect(await this.#zone(), generation);
      } catch (error) {
        // The zone's store or its credentials could not be read: nothing to connect with (fail closed).
        this.#blocked = { zone: target.zone, reason: 'noCredentials' };
        this.#options.failure?.(error);
      }
    }
    await this.#publish();
  }

  /** `generation`: taken before the zone's store was looked up; a close since then voids this connect. */
  async #connect(zone: MessagingZone, generation: number): Promise<void> {
    const source = this.#options.parts.credentials?.(zone);
    const credentials = await source?.load();
    // A lock or a switch while the store was read: the refresh it causes decides.
    if (credentials === undefined || generation !== this.#generation) {
      credentials?.seed.fill(0);
      if (credentials === undefined) this.#blocked = { zone: zone.id, reason: 'noCredentials' };
      return;
    }
    const { parts, retryMs, failure } = this.#options;
    const messaging = new ZoneMessaging({
      credentials,
      outbox: parts.outbox?.(zone),
      receiver: parts.receiver?.(zone),
      onState: (state) => this.#stateChanged(state),
      onFailure: (error) => failure?.(error),
      ...(retryMs === undefined ? {} : { retryMs }),
    });
    // Leaving the zone closes it before the network goes (zone-switch.ts, leaveZone).
    // The same close the lock may have started: the switch's network steps wait for it to end.
    const unregister = this.#options.zones.register({ name: messaging.name, close: () => Promise.all([messaging.close(), this.#close(undefined)]).then(() => undefined) });
    this.#live = { zone, messaging, unregister, connected: false };
    messaging.open();
  }

  #stateChanged(state: MessagingState): void {
    const live = this.#live;
    if (live !== undefined && state.kind === 'connected' && !live.connected) {
      live.connected = true;
      this.#options.audit.record('messaging.connected', 'ok', { zone: live.zone.id });
    } else if (live !== undefined && state.kind === 'serverDown' && live.connected) {
      live.connected = false;
      this.#options.audit.record('messaging.disconnected', 'failed', { zone: live.zone.id, code: state.reason });
    }
    void this.#publish();
  }

  /** Closes the zone's connection (lock: `reason`; zone left or policy changed: undefined); the seed's copy is zeroed by the connection. */
  async #close(reason: LockReason | undefined): Promise<void> {
    const live = this.#live;
    this.#generation++;
    this.#zoneContext = undefined;
    if (live === undefined) return;
    this.#live = undefined;
    live.unregister();
    await live.messaging.close();
    this.#options.audit.record('messaging.disconnected', 'ok', { zone: live.zone.id, ...(reason === undefined ? {} : { reason }) });
    await this.#publish();
  }

  #target(): Target {
    if (this.#options.session.state().locked) return { kind: 'unavailable', reason: 'locked' };
    const { zones } = this.#options;
    const active = zones.status().active;
    if (active === null) return { kind: 'unavailable', reason: 'noZone' };
    const services = zones.overview().zones.find((zone) => zone.id === active.id)?.services ?? [];
    if (!services.includes('messaging')) return { kind: 'unavailable', reason: 'zoneWithoutMessaging' };
    return { kind: 'zone', zone: active.id };
  }

  /** The live zone as the parts see it, when messaging may run there; otherwise the reason, as an error. */
  async #zone(): Promise<MessagingZone> {
    const target = this.#target();
    if (target.kind === 'unavailable') throw new DomainError(UNAVAILABLE_CODES[target.reason]);
    // One store lookup shared by concurrent callers (no await before it is cached): every part of
    // this zone sees the same context until a lock or a switch closes it.
    const known = this.#zoneContext;
    if (known !== undefined && known.zone === target.zone && known.generation === this.#generation) return known.made;
    const zones = this.#options.zones;
    const made = zones.activeStore().then((store) => ({ id: target.zone, ceiling: zones.status().highestClassification, store }));
    const context = { zone: target.zone, generation: this.#generation, made };
    this.#zoneContext = context;
    made.catch(() => {
      if (this.#zoneContext === context) this.#zoneContext = undefined;
    });
    return made;
  }

  async #part<K extends 'reading' | 'writing'>(kind: K): Promise<ReturnType<NonNullable<MessagingParts[K]>>> {
    const zone = await this.#zone();
    const make = this.#options.parts[kind];
    if (make === undefined) throw new DomainError('ipc.unavailable');
    const connection = () => (this.#live?.zone.id === zone.id ? this.#live.messaging.connection : undefined);
    return make(zone, connection) as ReturnType<NonNullable<MessagingParts[K]>>;
  }

  async #counts(): Promise<{ outbox: number; heldAbove: number }> {
    const zone = await this.#zone();
    const reading = this.#options.parts.reading?.(zone);
    const live = this.#live?.zone.id === zone.id ? this.#live : undefined;
    const outbox = live?.messaging.outbox?.waiting?.() ?? new SealedOutbox(zone.store).pending().length;
    return { outbox, heldAbove: (await reading?.heldAbove()) ?? 0 };
  }

  /** Sends 'messages.status' when it changed; in order, one at a time. */
  #publish(): Promise<void> {
    this.#publishing = this.#publishing.then(async () => {
      const status = await this.status();
      const text = JSON.stringify(status);
      if (text === this.#published) return;
      this.#published = text;
      this.#options.events.emit('messages.status', status);
    });
    this.#publishing = this.#publishing.catch((error: unknown) => this.#options.failure?.(error));
    return this.#publishing;
  }
}

const UNAVAILABLE_CODES = {
  locked: 'session.locked',
  noZone: 'zone.noneActive',
  zoneWithoutMessaging: 'messaging.zoneWithoutMessaging',
  noCredentials: 'messaging.noCredentials',
} as const;
