import type { WatchdogAlert, ZoneId } from '../../../shared/domain/zone.js';
import { HelperClient, type ZoneHelperProcess } from './helper-client.js';
import type { HelperStatus } from './helper-protocol.js';
import { ZoneStepError, type NetworkStep, type ZoneNetwork } from './zone-network.js';

export interface HelperSupervisorOptions {
  /** Starts one helper through the authorised path (pkexec and the installed launcher, or a test's root child). */
  readonly spawn: () => ZoneHelperProcess;
  /** How long one request may take (targetUp waits for carrier). */
  readonly timeoutMs?: number;
  /** A new helper that has not answered `status` by then (a polkit prompt left open, a hang) is killed and replaced. */
  readonly readyTimeoutMs?: number;
  /** Restart back-off: the first restart at once, then from initialMs doubling up to maxMs. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** A helper that stayed up this long counts as healthy: the next death restarts at once again. */
  readonly stableMs?: number;
  readonly log?: (message: string) => void;
}

type Listener = () => void;

/**
 * Keeps one zone helper running. Its unexpected exit is told at once (the process's exit event),
 * then a new one is started through the same spawn, with back-off, until one answers `status`
 * — however often they die. A new helper isolates first thing (zone-helper.ts), so nothing of the
 * dead one's switch stays live; meanwhile every step is refused and the kernel's lease on the
 * firewall accept runs out (nft-ruleset.ts).
 */
export class ZoneHelperSupervisor implements ZoneNetwork {
  #client: HelperClient | undefined;
  #readyAt: number | undefined;
  #failures = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #alerts = new Set<(alert: WatchdogAlert) => void>();
  readonly #onStopped = new Set<Listener>();
  readonly #onReady = new Set<Listener>();

  constructor(private readonly options: HelperSupervisorOptions) {}

  start(): this {
    this.#launch();
    return this;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    this.#client?.stop();
  }

  onAlert(listener: (alert: WatchdogAlert) => void): () => void {
    this.#alerts.add(listener);
    return () => this.#alerts.delete(listener);
  }

  /** The running helper ended without being asked to: the network guard is down until onReady. */
  onStopped(listener: Listener): () => void {
    this.#onStopped.add(listener);
    return () => this.#onStopped.delete(listener);
  }

  /** A helper answered `status`: started (and so isolated), policy read, watchdog running. */
  onReady(listener: Listener): () => void {
    this.#onReady.add(listener);
    return () => this.#onReady.delete(listener);
  }

  get ready(): boolean {
    return this.#readyAt !== undefined && this.#client?.running === true;
  }

  /** The helper running now, for one switch: its steps keep failing once it is gone, even after a successor is up. */
  pinned(): ZoneNetwork & { readonly running: boolean } {
    return this.#client ?? notRunning;
  }

  status(): Promise<HelperStatus> {
    return this.#current().status();
  }
  reload(): Promise<HelperStatus> {
    return this.#current().reload();
  }
  killSockets(): Promise<number> {
    return this.#current().killSockets();
  }
  firewall(zone: ZoneId | null): Promise<void> {
    return this.#current().firewall(zone);
  }
  linksDown(): Promise<void> {
    return this.#current().linksDown();
  }
  targetUp(zone: ZoneId): Promise<void> {
    return this.#current().targetUp(zone);
  }
  route(zone: ZoneId): Promise<void> {
    return this.#current().route(zone);
  }
  dns(zone: ZoneId): Promise<void> {
    return this.#current().dns(zone);
  }
  verify(zone: ZoneId): Promise<void> {
    return this.#current().verify(zone);
  }
  isolate(): Promise<void> {
    return this.#current().isolate();
  }

  #current(): HelperClient | typeof notRunning {
    return this.#client?.running === true ? this.#client : notRunning;
  }

  #launch(): void {
    if (this.#stopped) return;
    let client: HelperClient;
    try {
      client = new HelperClient(this.options.spawn(), this.options.timeoutMs);
    } catch (error) {
      this.options.log?.(`zone helper: could not start: ${error instanceof Error ? error.message : String(error)}`);
      this.#scheduleRestart();
      return;
    }
    this.#client = client;
    this.#readyAt = undefined;
    client.onAlert((alert) => {
      for (const listener of this.#alerts) listener(alert);
    });
    client.onStopped((code) => this.#died(client, code));
    const timer = setTimeout(() => client.kill(), this.options.readyTimeoutMs ?? 60_000);
    timer.unref();
    client.status().then(
      () => {
        clearTimeout(timer);
        if (this.#client !== client || !client.running) return;
        this.#readyAt = performance.now();
        for (const listener of this.#onReady) listener();
      },
      () => {
        clearTimeout(timer);
        client.kill(); // its exit (or the one already seen) restarts
      },
    );
  }

  #died(client: HelperClient, code: number | null): void {
    if (this.#client !== client) return;
    const wasReady = this.#readyAt !== undefined;
    const healthy = wasReady && performance.now() - (this.#readyAt ?? 0) >= (this.options.stableMs ?? 10_000);
    this.#failures = healthy ? 0 : this.#failures + 1;
    this.#readyAt = undefined;
    this.options.log?.(`zone helper exited (${code ?? 'signal'}); restarting`);
    // One alert per outage: a successor dying before it got ready is the same outage.
    if (wasReady) for (const listener of this.#onStopped) listener();
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#stopped) return;
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 250, maxMs: 10_000 };
    const delay = this.#failures <= 1 ? 0 : Math.min(maxMs, initialMs * 2 ** (this.#failures - 2));
    this.#restartTimer = setTimeout(() => this.#launch(), delay);
    // The supervisor never keeps a process alive by itself: the app's own loop does while it runs,
    // and an app (or a test) that has finished must be able to exit between two attempts.
    this.#restartTimer.unref();
  }
}

const refuse = (step: NetworkStep) => () => Promise.reject(new ZoneStepError(step, 'the zone helper is not running'));

/** Between a helper's death and its successor's start: every step refused, nothing changes. */
const notRunning = {
  running: false,
  status: refuse('verify') as () => Promise<HelperStatus>,
  reload: refuse('verify') as () => Promise<HelperStatus>,
  killSockets: refuse('killSockets') as () => Promise<number>,
  firewall: refuse('firewall'),
  linksDown: refuse('linksDown'),
  targetUp: refuse('targetUp'),
  route: refuse('route'),
  dns: refuse('dns'),
  verify: refuse('verify'),
  isolate: refuse('linksDown'),
};
