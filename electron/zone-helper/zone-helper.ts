// The privileged zone helper: the only Airlock process that changes the network. It runs as root
// (installed as docs/zones.md describes), speaks the line protocol of helper-protocol.ts on
// stdin/stdout with the one app process that started it, and nothing else.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CrlCache, MemoryCrlStore } from '../core/certificates/revocation.js';
import { TrustAnchors } from '../core/certificates/trust-anchors.js';
import { HelperRequest, MAX_LINE, type HelperEvent, type HelperResponse, type HelperStatus } from '../core/zones/helper-protocol.js';
import { loadZonePolicy, type PolicyLoad } from '../core/zones/policy-loader.js';
import type { ZonePolicy } from '../core/zones/policy-schema.js';
import { ZoneStepError } from '../core/zones/zone-network.js';
import { FileCrlStore } from '../platform/file-crl-store.js';
import type { ZoneId } from '../../shared/domain/zone.js';
import { readHelperConfig, type HelperConfig } from './helper-config.js';
import { linuxCommandPrefix, linuxCommandRunner, type CommandRunner } from './linux/command-runner.js';
import { LinuxNetwork } from './linux/linux-network.js';
import { LinkWatchdog } from './watchdog.js';
import { releaseZoneDevicesFromNetworkManager } from './networkmanager/nm-guard.js';

class ZoneHelper {
  #load: PolicyLoad = { ok: false, reason: 'missing', detail: 'not loaded yet' };
  #allowed: ZoneId | null = null;
  #highestSerial = 0;
  readonly network: LinuxNetwork;
  readonly watchdog: LinkWatchdog;
  readonly run: CommandRunner;

  constructor(
    private readonly config: HelperConfig,
    private readonly send: (message: HelperResponse | HelperEvent) => void,
  ) {
    this.run = linuxCommandRunner(config.netns === undefined ? {} : { netns: config.netns });
    this.network = new LinuxNetwork({
      run: this.run,
      policy: () => this.policy(),
      resolvConf: config.resolvConf,
      carrierTimeoutMs: config.carrierTimeoutMs,
      onAllowedChange: (zone) => (this.#allowed = zone),
      leaseSeconds: config.acceptLeaseSeconds,
    });
    this.watchdog = new LinkWatchdog({
      network: this.network,
      policy: () => this.policy(),
      allowed: () => this.#allowed,
      onAlert: (alert) => send({ event: 'watchdog', alert }),
      intervalMs: config.watchdogIntervalMs,
      monitorArgv: ['ip', '-o', 'monitor', 'link'],
      monitorPrefix: linuxCommandPrefix(config.netns === undefined ? {} : { netns: config.netns }),
    });
  }

  /** The verified policy while it is in force; after validUntil nothing can be switched to. */
  policy(): ZonePolicy | undefined {
    if (!this.#load.ok) return undefined;
    return Date.parse(this.#load.policy.validUntil) > Date.now() ? this.#load.policy : undefined;
  }

  async reload(): Promise<HelperStatus> {
    const config = this.config;
    this.#highestSerial = Math.max(this.#highestSerial, this.#storedSerial());
    this.#load = await loadZonePolicy(config.policy, {
      anchors: TrustAnchors.load([readFileSync(config.anchors, 'utf8')]),
      intermediates: config.intermediates === undefined ? [] : [readFileSync(config.intermediates, 'utf8')],
      crls: new CrlCache(config.crlDir === undefined ? new MemoryCrlStore() : new FileCrlStore(config.crlDir)),
      now: () => new Date(),
      minimumSerial: this.#highestSerial,
    });
    if (this.#load.ok) {
      this.#highestSerial = Math.max(this.#highestSerial, this.#load.policy.serial);
      this.#storeSerial(this.#highestSerial);
      // NetworkManager must never raise a zone link on its own (a machine without it: skipped).
      await releaseZoneDevicesFromNetworkManager(this.run, this.#load.policy);
    }
    return this.status();
  }

  /** The rollback floor survives restarts when there is a state folder (the package gives /var/lib/airlock). */
  #storedSerial(): number {
    if (this.config.stateDir === undefined) return 0;
    try {
      const value = Number.parseInt(readFileSync(path.join(this.config.stateDir, 'policy-serial'), 'utf8'), 10);
      return Number.isSafeInteger(value) && value > 0 ? value : 0;
    } catch {
      return 0;
    }
  }

  #storeSerial(serial: number): void {
    if (this.config.stateDir === undefined) return;
    const file = path.join(this.config.stateDir, 'policy-serial');
    writeFileSync(`${file}.tmp`, `${serial}\n`, { mode: 0o644 });
    renameSync(`${file}.tmp`, file);
  }

  status(): HelperStatus {
    const policy = this.#load.ok ? { state: 'loaded' as const, serial: this.#load.policy.serial } : { state: 'refused' as const, reason: this.#load.reason };
    return { policy, allowed: this.#allowed };
  }

  async handle(request: HelperRequest): Promise<HelperStatus | { killed: number } | null> {
    const network = this.network;
    switch (request.op) {
      case 'status':
        return this.status();
      case 'reload':
        return this.reload();
      case 'isolate':
        await network.isolate();
        return null;
      case 'killSockets':
        return { killed: await network.killSockets() };
      case 'firewall':
        await network.firewall(request.zone);
        return null;
      case 'linksDown':
        await network.linksDown();
        return null;
      case 'targetUp':
        await network.targetUp(request.zone);
        return null;
      case 'route':
        await network.route(request.zone);
        return null;
      case 'dns':
        await network.dns(request.zone);
        return null;
      case 'verify':
        await network.verify(request.zone);
        return null;
    }
  }
}

async function main(): Promise<void> {
  const configIndex = process.argv.indexOf('--config');
  const configPath = configIndex < 0 ? '/etc/airlock/zone-helper.json' : process.argv[configIndex + 1];
  if (configPath === undefined) throw new Error('--config needs a file');
  const config = readHelperConfig(configPath);
  const send = (message: HelperResponse | HelperEvent): void => void process.stdout.write(`${JSON.stringify(message)}\n`);
  const helper = new ZoneHelper(config, send);
  await helper.reload();
  // Whatever was live before this helper started was not switched to by this app run: fail closed.
  await helper.network.isolate().catch(() => undefined);
  helper.watchdog.start();
  // The dead-man switch's heartbeat: while this process lives, the live zone's accept is renewed
  // three times per lease; once it dies, the kernel drops the zone within the lease (nft-ruleset.ts).
  const heartbeat = setInterval(() => void helper.network.renewLease().catch(() => undefined), (config.acceptLeaseSeconds * 1000) / 3);

  // One operation at a time, in arrival order: a switch's steps must never interleave.
  let queue = Promise.resolve();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => {
    queue = queue.then(async () => send(await answer(helper, line)));
  });
  // The app went away: nobody is left to watch or to ask, so every zone goes down.
  lines.on('close', () => {
    void queue.then(async () => {
      helper.watchdog.stop();
      clearInterval(heartbeat);
      await helper.network.isolate().catch(() => undefined);
      process.exit(0);
    });
  });
}

async function answer(helper: ZoneHelper, line: string): Promise<HelperResponse> {
  let parsed;
  try {
    parsed = line.length > MAX_LINE ? undefined : HelperRequest.safeParse(JSON.parse(line));
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || !parsed.success) return { id: -1, ok: false, error: { code: 'invalidRequest', detail: 'not a helper request' } };
  const request = parsed.data;
  const needsPolicy = !['status', 'reload', 'isolate'].includes(request.op);
  if (needsPolicy && helper.policy() === undefined) return { id: request.id, ok: false, error: { code: 'policyRefused', detail: 'no verified zone policy in force' } };
  try {
    return { id: request.id, ok: true, value: await helper.handle(request) };
  } catch (error) {
    if (error instanceof ZoneStepError) return { id: request.id, ok: false, error: { code: 'stepFailed', step: error.step, detail: error.detail.slice(0, 2000) } };
    return { id: request.id, ok: false, error: { code: 'stepFailed', detail: error instanceof Error ? error.message.slice(0, 2000) : 'failed' } };
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`airlock-zone-helper: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
