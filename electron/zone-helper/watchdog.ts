import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { WatchdogAlert, ZoneId } from '../../shared/domain/zone.js';
import type { ZonePolicy } from '../core/zones/policy-schema.js';
import { isAdminUp, isLoopback, isOperUp } from './linux/ip-json.js';
import type { LinuxNetwork } from './linux/linux-network.js';

export interface WatchdogOptions {
  readonly network: LinuxNetwork;
  readonly policy: () => ZonePolicy | undefined;
  /** The zone whose links may be up right now (null: none). */
  readonly allowed: () => ZoneId | null;
  readonly onAlert: (alert: WatchdogAlert) => void;
  /** The periodic re-check, for events the monitor missed (it restarts, the kernel drops a message). */
  readonly intervalMs: number;
  /** argv of `ip monitor link`, and the namespace prefix to run it under (tests). */
  readonly monitorArgv: readonly [string, ...string[]];
  readonly monitorPrefix: readonly string[];
}

/**
 * Cuts any link that comes up outside the active zone. `ip monitor link` wakes it on every link
 * event (its text is only a trigger; the state is read again with `ip -j`), a timer re-checks in
 * between. Checks never overlap: an event during a check queues exactly one more.
 */
export class LinkWatchdog {
  #monitor: ChildProcess | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #queued: number | undefined;
  #lost = new Set<string>();
  /** Links of the live zone seen with carrier since it became live: only those can be "lost". */
  #seenUp = new Set<string>();
  #lastAllowed: ZoneId | null = null;
  #stopped = false;

  constructor(private readonly options: WatchdogOptions) {}

  start(): void {
    this.#startMonitor();
    this.#timer = setInterval(() => this.trigger(), this.options.intervalMs);
    this.trigger();
  }

  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#monitor?.kill('SIGKILL');
  }

  /** A link event (or the timer): check now, remembering when it was seen for the reaction time. */
  trigger(seenAt = performance.now()): void {
    if (this.#running) {
      this.#queued ??= seenAt;
      return;
    }
    this.#running = true;
    // Under the network's link lock: never between a switch's "nothing may be up" and its cut.
    void this.options.network.exclusiveLinks(() => this.#check(seenAt)).finally(() => {
      this.#running = false;
      const next = this.#queued;
      this.#queued = undefined;
      if (next !== undefined) this.trigger(next);
    });
  }

  async #check(seenAt: number): Promise<void> {
    const { network } = this.options;
    const policy = this.options.policy();
    const allowed = this.options.allowed();
    if (allowed !== this.#lastAllowed) {
      this.#lastAllowed = allowed;
      this.#seenUp.clear();
      this.#lost.clear();
    }
    let links;
    try {
      links = await network.links('verify');
    } catch {
      return; // the next event or tick tries again; a failing `ip` is not a reason to stop watching
    }
    for (const link of links.filter((item) => !isLoopback(item))) {
      const owner = network.ownerOf(link.ifname);
      if (owner !== null && owner.id === allowed) {
        this.#watchActive(link.ifname, owner.id, isOperUp(link));
        continue;
      }
      if (!isAdminUp(link)) continue;
      const at = new Date().toISOString();
      if (owner === null && policy !== undefined && policy.otherInterfaces === 'alert') {
        this.options.onAlert({ action: 'unlistedUp', interface: link.ifname, zone: null, at });
        continue;
      }
      try {
        await network.cut(link.ifname);
        this.options.onAlert({ action: 'cut', interface: link.ifname, zone: owner?.id ?? null, at, reactionMs: Math.round((performance.now() - seenAt) * 100) / 100 });
      } catch {
        this.options.onAlert({ action: 'cutFailed', interface: link.ifname, zone: owner?.id ?? null, at });
      }
    }
  }

  /** The live zone losing carrier is worth one alert (a pulled cable), not one per tick, nor while it first comes up. */
  #watchActive(name: string, zone: ZoneId, operUp: boolean): void {
    if (operUp) {
      this.#seenUp.add(name);
      this.#lost.delete(name);
      return;
    }
    if (!this.#seenUp.has(name) || this.#lost.has(name)) return;
    this.#lost.add(name);
    this.options.onAlert({ action: 'activeLinkLost', interface: name, zone, at: new Date().toISOString() });
  }

  #startMonitor(): void {
    if (this.#stopped) return;
    const [command, ...args] = [...this.options.monitorPrefix, ...this.options.monitorArgv] as [string, ...string[]];
    const monitor = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } });
    this.#monitor = monitor;
    createInterface({ input: monitor.stdout }).on('line', () => this.trigger());
    // A monitor that dies is restarted; the periodic check covers the gap.
    monitor.on('exit', () => setTimeout(() => this.#startMonitor(), 500).unref());
    monitor.on('error', () => undefined);
  }
}
