import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { WatchdogAlert, ZoneId } from '../../../shared/domain/zone.js';
import type { SwitchStep } from '../../../shared/domain/zone-vocabulary.js';
import { HelperEvent, HelperResponse, MAX_LINE, type HelperOp, type HelperRequest, type HelperStatus } from './helper-protocol.js';
import { ZoneStepError, type ZoneNetwork } from './zone-network.js';

/** A started helper: its pipes and its end. Spawning it (pkexec, a test's root child) is the platform's business. */
export interface ZoneHelperProcess {
  /** For the main log and the tests; absent when the process could not be started. */
  readonly pid?: number | undefined;
  readonly stdin: Writable;
  readonly stdout: Readable;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

const STEP_OF: Record<Exclude<HelperOp, 'status' | 'reload'>, SwitchStep> = {
  killSockets: 'killSockets',
  firewall: 'firewall',
  linksDown: 'linksDown',
  isolate: 'linksDown',
  targetUp: 'targetUp',
  route: 'route',
  dns: 'dns',
  verify: 'verify',
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout; step: SwitchStep };
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * The main process's side of one helper process: each ZoneNetwork step becomes one request,
 * answered in order. Everything the helper says is checked against the protocol; a helper that
 * goes away fails every step still waiting, and every later one (the switch then fails at its step
 * and stays closed). Restarting is the supervisor's business (helper-supervisor.ts).
 */
export class HelperClient implements ZoneNetwork {
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #alerts = new Set<(alert: WatchdogAlert) => void>();
  readonly #stopped = new Set<(code: number | null) => void>();
  #exited = false;
  #stopRequested = false;

  constructor(
    private readonly helper: ZoneHelperProcess,
    private readonly timeoutMs = 60_000,
  ) {
    createInterface({ input: helper.stdout, crlfDelay: Infinity }).on('line', (line) => this.#receive(line));
    helper.onExit((code) => {
      this.#exited = true;
      for (const [id, pending] of this.#pending) {
        clearTimeout(pending.timer);
        pending.reject(new ZoneStepError(pending.step, 'the zone helper stopped'));
        this.#pending.delete(id);
      }
      if (!this.#stopRequested) for (const listener of this.#stopped) listener(code);
    });
  }

  get running(): boolean {
    return !this.#exited;
  }

  /** The helper ended without being asked to (killed, crashed): told at once, from its exit event. */
  onStopped(listener: (code: number | null) => void): () => void {
    this.#stopped.add(listener);
    return () => this.#stopped.delete(listener);
  }

  /** This very process: its steps fail once it is gone, whatever runs after it. */
  pinned(): HelperClient {
    return this;
  }

  onAlert(listener: (alert: WatchdogAlert) => void): () => void {
    this.#alerts.add(listener);
    return () => this.#alerts.delete(listener);
  }

  status(): Promise<HelperStatus> {
    return this.#call({ op: 'status' }) as Promise<HelperStatus>;
  }
  reload(): Promise<HelperStatus> {
    return this.#call({ op: 'reload' }) as Promise<HelperStatus>;
  }
  async killSockets(): Promise<number> {
    return ((await this.#call({ op: 'killSockets' })) as { killed: number }).killed;
  }
  async firewall(zone: ZoneId | null): Promise<void> {
    await this.#call({ op: 'firewall', zone });
  }
  async linksDown(): Promise<void> {
    await this.#call({ op: 'linksDown' });
  }
  async targetUp(zone: ZoneId): Promise<void> {
    await this.#call({ op: 'targetUp', zone });
  }
  async route(zone: ZoneId): Promise<void> {
    await this.#call({ op: 'route', zone });
  }
  async dns(zone: ZoneId): Promise<void> {
    await this.#call({ op: 'dns', zone });
  }
  async verify(zone: ZoneId): Promise<void> {
    await this.#call({ op: 'verify', zone });
  }
  async isolate(): Promise<void> {
    await this.#call({ op: 'isolate' });
  }

  /** Asks the helper to end (it isolates first); not a failure. */
  stop(): void {
    this.#stopRequested = true;
    this.helper.stdin.end();
  }

  /** SIGKILL: a helper that does not get ready in time is replaced. */
  kill(): void {
    this.helper.kill();
  }

  #call(request: WithoutId<HelperRequest>): Promise<unknown> {
    const step = request.op === 'status' || request.op === 'reload' ? 'verify' : STEP_OF[request.op];
    if (this.#exited) return Promise.reject(new ZoneStepError(step, 'the zone helper is not running'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ZoneStepError(step, `the zone helper did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.#pending.set(id, { resolve, reject, timer, step });
      this.helper.stdin.write(`${JSON.stringify({ ...request, id })}\n`);
    });
  }

  #receive(line: string): void {
    if (line.length > MAX_LINE) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    const event = HelperEvent.safeParse(message);
    if (event.success) {
      for (const listener of this.#alerts) listener(event.data.alert);
      return;
    }
    const response = HelperResponse.safeParse(message);
    if (!response.success) return;
    const pending = this.#pending.get(response.data.id);
    if (pending === undefined) return;
    this.#pending.delete(response.data.id);
    clearTimeout(pending.timer);
    if (response.data.ok) pending.resolve(response.data.value);
    else pending.reject(new ZoneStepError(response.data.error.step ?? pending.step, `${response.data.error.code}: ${response.data.error.detail}`));
  }
}
