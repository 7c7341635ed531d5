import { rename, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ZoneId } from '../../../shared/domain/zone.js';
import type { ZoneDefinition, ZonePolicy } from '../../core/zones/policy-schema.js';
import { ZoneStepError, type NetworkStep, type ZoneNetwork } from '../../core/zones/zone-network.js';
import { CommandFailed, type CommandRunner } from './command-runner.js';
import { Addresses, isAdminUp, isLoopback, isOperUp, Links, parseIpJson, Routes, type Link } from './ip-json.js';
import { denyAllExcept, leaseRenewal } from './nft-ruleset.js';

export interface LinuxNetworkOptions {
  readonly run: CommandRunner;
  /** The verified policy, or undefined when none is accepted: every operation but isolate then refuses. */
  readonly policy: () => ZonePolicy | undefined;
  /** The resolver file the zone's DNS servers are written to (atomically, by rename). */
  readonly resolvConf: string;
  /** How long a link may take to report carrier after `ip link set up`. */
  readonly carrierTimeoutMs?: number;
  /** Told which zone may be up, before any link changes, so the watchdog never fights a switch. */
  readonly onAllowedChange?: (zone: ZoneId | null) => void;
  /** How long the firewall keeps accepting the zone's interfaces without a renewLease (nft-ruleset.ts). */
  readonly leaseSeconds: number;
}

/**
 * The ruleset travels as one argv element: `nft -f -` opens /dev/stdin, which a socket-pair stdin
 * (how Node pipes) cannot give it.
 */
const nft = (transaction: unknown): [string, ...string[]] => ['nft', '-j', JSON.stringify(transaction)];

/** The Linux adapter: iproute2 and nftables, JSON output parsed, fixed argv. Runs as root in the helper. */
export class LinuxNetwork implements ZoneNetwork {
  /** The interfaces the firewall accepts now, on lease; empty: nothing to renew. */
  #leased: readonly string[] = [];
  /** nft writes one after another: a renewal must never re-add a zone a newer ruleset dropped. */
  #nftQueue: Promise<unknown> = Promise.resolve();
  /**
   * Link changes one after another: the switch's own (the old zone's links going down, the
   * target's coming up) and the watchdog's checks. A check between "no zone may be up" and the
   * cut of the old zone's link saw that link up and cut it as a rogue — a false alarm.
   */
  #linkQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LinuxNetworkOptions) {}

  async killSockets(): Promise<number> {
    const addresses = this.#policy('killSockets').zones.flatMap((zone) => zone.interfaces.map((item) => item.address.split('/')[0] ?? ''));
    const filter = addresses.flatMap((address, index) => (index === 0 ? ['src', address] : ['or', 'src', address]));
    // `ss -K` prints each socket it destroyed; the kernel needs CONFIG_INET_DIAG_DESTROY (Debian has it).
    const { stdout } = await this.#step('killSockets', ['ss', '-K', '-H', '-n', '-t', '-u', '-a', ...filter]);
    return stdout.split('\n').filter((line) => line.trim() !== '').length;
  }

  async firewall(allow: ZoneId | null): Promise<void> {
    const interfaces = allow === null ? [] : this.#zone('firewall', allow).interfaces.map((item) => item.name);
    await this.#applyFirewall(interfaces);
  }

  /** The heartbeat: the accepted interfaces get a fresh lease (nothing accepted: nothing to do). */
  async renewLease(): Promise<void> {
    await this.#nftWrite(async () => {
      if (this.#leased.length > 0) await this.#step('firewall', nft(leaseRenewal(this.#leased, this.options.leaseSeconds)));
    });
  }

  #applyFirewall(interfaces: readonly string[]): Promise<void> {
    return this.#nftWrite(async () => {
      // Renewals stop before the ruleset changes; they resume only for what the new one accepts.
      this.#leased = [];
      await this.#step('firewall', nft(denyAllExcept(interfaces, this.options.leaseSeconds)));
      this.#leased = interfaces;
    });
  }

  #nftWrite(write: () => Promise<void>): Promise<void> {
    const next = this.#nftQueue.then(write);
    this.#nftQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs `change` with no other link change or watchdog check in between: what may be up (the
   * allowed zone) and the links as read are then always one consistent picture.
   */
  exclusiveLinks<T>(change: () => Promise<T>): Promise<T> {
    const next = this.#linkQueue.then(change);
    this.#linkQueue = next.catch(() => undefined);
    return next;
  }

  async linksDown(): Promise<void> {
    await this.exclusiveLinks(async () => {
      this.options.onAllowedChange?.(null);
      const targets = await this.#cuttable('linksDown', null);
      for (const name of targets) await this.cut(name);
      const stillUp = (await this.links('linksDown')).filter((link) => targets.includes(link.ifname) && isAdminUp(link));
      if (stillUp.length > 0) throw new ZoneStepError('linksDown', `still up: ${stillUp.map((link) => link.ifname).join(', ')}`);
    });
  }

  /** Down and without addresses (so nothing routes over it even if something raises it again). */
  async cut(name: string): Promise<void> {
    await this.#step('linksDown', ['ip', 'link', 'set', 'dev', name, 'down']);
    await this.#step('linksDown', ['ip', 'addr', 'flush', 'dev', name]);
  }

  async targetUp(zoneId: ZoneId): Promise<void> {
    const zone = this.#zone('targetUp', zoneId);
    // The carrier wait below is outside: the watchdog keeps watching while the link comes up.
    await this.exclusiveLinks(async () => {
      this.options.onAllowedChange?.(zoneId);
      for (const item of zone.interfaces) {
        await this.#step('targetUp', ['ip', 'addr', 'replace', item.address, 'dev', item.name]);
        await this.#step('targetUp', ['ip', 'link', 'set', 'dev', item.name, 'up']);
      }
    });
    const deadline = Date.now() + (this.options.carrierTimeoutMs ?? 10_000);
    for (;;) {
      const links = await this.links('targetUp');
      const waiting = zone.interfaces.filter((item) => !links.some((link) => link.ifname === item.name && isOperUp(link)));
      if (waiting.length === 0) return;
      if (Date.now() > deadline) throw new ZoneStepError('targetUp', `no carrier on ${waiting.map((item) => item.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async route(zoneId: ZoneId): Promise<void> {
    const zone = this.#zone('route', zoneId);
    if (zone.gateway === undefined) return; // a zone with only its own subnet: the link route suffices
    await this.#step('route', ['ip', 'route', 'replace', 'default', 'via', zone.gateway]);
  }

  async dns(zoneId: ZoneId): Promise<void> {
    const zone = this.#zone('dns', zoneId);
    const text = [`# Written by Airlock for zone ${zone.id}; replaced at every zone switch.`, ...zone.dns.map((server) => `nameserver ${server}`), ''].join('\n');
    const file = this.options.resolvConf;
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.airlock-${process.pid}`);
    try {
      await writeFile(temporary, text, { mode: 0o644 });
      await rename(temporary, file);
    } catch (error) {
      throw new ZoneStepError('dns', `${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async verify(zoneId: ZoneId): Promise<void> {
    const zone = this.#zone('verify', zoneId);
    const own = new Set(zone.interfaces.map((item) => item.name));
    const links = await this.links('verify');
    const up = links.filter((link) => !isLoopback(link) && isAdminUp(link));
    const strangers = up.filter((link) => !own.has(link.ifname));
    if (strangers.length > 0) throw new ZoneStepError('verify', `other links up: ${strangers.map((link) => link.ifname).join(', ')}`);
    const dead = zone.interfaces.filter((item) => !links.some((link) => link.ifname === item.name && isOperUp(link)));
    if (dead.length > 0) throw new ZoneStepError('verify', `not operationally up: ${dead.map((item) => item.name).join(', ')}`);

    const allowedDevices = new Set([...own, 'lo']);
    for (const family of ['-4', '-6'] as const) {
      const routes = parseIpJson(Routes, (await this.#step('verify', ['ip', '-j', family, 'route', 'show', 'table', 'all'])).stdout);
      const foreign = routes.filter((route) => route.dev !== undefined && !allowedDevices.has(route.dev));
      if (foreign.length > 0) throw new ZoneStepError('verify', `route outside the zone: ${foreign.map((route) => `${route.dst ?? '?'} dev ${route.dev ?? '?'}`).join(', ')}`);
    }
    const resolv = await readFile(this.options.resolvConf, 'utf8').catch(() => '');
    const servers = resolv.split('\n').flatMap((line) => /^\s*nameserver\s+(\S+)/.exec(line)?.[1] ?? []);
    if (servers.length !== zone.dns.length || servers.some((server) => !zone.dns.includes(server))) throw new ZoneStepError('verify', `resolver lists ${servers.join(', ') || 'nothing'}`);
    for (const server of servers) {
      const [route] = parseIpJson(Routes, (await this.#step('verify', ['ip', '-j', 'route', 'get', server])).stdout);
      if (route?.dev === undefined || !own.has(route.dev)) throw new ZoneStepError('verify', `DNS ${server} is reached through ${route?.dev ?? 'nothing'}`);
    }
  }

  async isolate(): Promise<void> {
    const failures: string[] = [];
    // Each part on its own: a firewall that cannot be written must not stop the links going down.
    await this.#applyFirewall([]).catch((error: unknown) => failures.push(String(error)));
    await this.exclusiveLinks(async () => {
      this.options.onAllowedChange?.(null);
      const names = await this.#cuttable('linksDown', null).catch(() => [] as string[]);
      for (const name of names) await this.cut(name).catch((error: unknown) => failures.push(String(error)));
    });
    if (failures.length > 0) throw new ZoneStepError('linksDown', failures.join('; '));
  }

  async links(step: NetworkStep): Promise<Link[]> {
    return parseIpJson(Links, (await this.#step(step, ['ip', '-j', 'link', 'show'])).stdout);
  }

  async addresses(): Promise<Map<string, string[]>> {
    const parsed = parseIpJson(Addresses, (await this.#step('verify', ['ip', '-j', 'addr', 'show'])).stdout);
    return new Map(parsed.map((item) => [item.ifname, item.addr_info.map((info) => `${info.local}/${info.prefixlen}`)]));
  }

  /** The zone an interface belongs to, or null for one no zone lists. */
  ownerOf(name: string): ZoneDefinition | null {
    return this.options.policy()?.zones.find((zone) => zone.interfaces.some((item) => item.name === name)) ?? null;
  }

  /** Interfaces that must be down when `allowed` is the live zone: other zones', and unlisted ones if policy says cut. */
  async #cuttable(step: NetworkStep, allowed: ZoneId | null): Promise<string[]> {
    const policy = this.options.policy();
    const links = await this.links(step);
    return links
      .filter((link) => !isLoopback(link))
      .filter((link) => {
        const owner = this.ownerOf(link.ifname);
        if (owner === null) return policy === undefined || policy.otherInterfaces === 'cut';
        return owner.id !== allowed;
      })
      .map((link) => link.ifname);
  }

  #policy(step: NetworkStep): ZonePolicy {
    const policy = this.options.policy();
    if (policy === undefined) throw new ZoneStepError(step, 'no verified zone policy');
    return policy;
  }

  #zone(step: NetworkStep, id: ZoneId): ZoneDefinition {
    const zone = this.#policy(step).zones.find((item) => item.id === id);
    if (zone === undefined) throw new ZoneStepError(step, `zone ${id} is not in the policy`);
    return zone;
  }

  async #step(step: NetworkStep, argv: readonly [string, ...string[]], input?: string): Promise<{ stdout: string }> {
    try {
      return await this.options.run(argv, input === undefined ? {} : { input });
    } catch (error) {
      throw new ZoneStepError(step, error instanceof CommandFailed ? error.message : String(error));
    }
  }
}
