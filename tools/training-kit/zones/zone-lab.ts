// A workstation with three zone networks, built from real network namespaces joined by veth
// pairs: `alws-<id>` is the workstation, `alz<n>-<id>` each zone's network with its gateway and
// DNS address (`altws-`, `altz<n>-` for a training workstation). Documentation address ranges only;
// the host's own interfaces are never touched. Shared by the zone tests and `npm run training`.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export interface LabZone {
  readonly id: string;
  /** The zone's network namespace (gateway side). */
  readonly ns: string;
  /** The workstation's interface to this zone, inside the workstation namespace. */
  readonly interface: string;
  readonly address: string;
  readonly gateway: string;
  readonly dns: string;
}

export interface ZoneLab {
  readonly workstation: string;
  readonly zones: readonly LabZone[];
  /** An interface no zone lists (a USB modem, say), down at the start. */
  readonly rogueInterface: string;
  zone(id: string): LabZone;
  /** `ip -j …` inside the workstation namespace, parsed. */
  ipJson<T = unknown>(args: readonly string[]): Promise<T>;
  /** Any command inside a namespace. */
  exec(ns: string, argv: readonly string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export const LAB_ZONES = [
  { id: 'co-yeu', net: '192.0.2', interface: 'zcoyeu0' },
  { id: 'van-phong', net: '198.51.100', interface: 'zoffice0' },
  { id: 'internet', net: '203.0.113', interface: 'zinet0' },
] as const;

export function run(argv: readonly string[]): Promise<string> {
  const [command, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${argv.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** Set by the fixture-cleanup test only, so it can name (and collide with) the lab a suite it runs makes. */
export const LAB_SUFFIX_ENV = 'AIRLOCK_TEST_LAB_SUFFIX';

export interface ZoneLabOptions {
  /** Namespace name prefix: `al` (tests: alws-, alz0-, alr-) or `alt` (the training workstation). */
  readonly prefix?: 'al' | 'alt';
  /** The rogue interface (a USB modem) the watchdog tests need; default true. */
  readonly rogue?: boolean;
  /** Told of each namespace before anything is put in it, so a record of it survives a crash. */
  readonly onCreated?: (ns: string) => Promise<void> | void;
}

/** The zones' addresses (the same with or without namespaces: a policy can name them either way). */
export function labZones(suffix: string, prefix: 'al' | 'alt' = 'al'): LabZone[] {
  return LAB_ZONES.map((zone, index) => ({
    id: zone.id,
    ns: `${prefix}z${index}-${suffix}`,
    interface: zone.interface,
    address: `${zone.net}.2/24`,
    gateway: `${zone.net}.1`,
    dns: `${zone.net}.53`,
  }));
}

export async function createZoneLab(options: ZoneLabOptions = {}): Promise<ZoneLab> {
  const prefix = options.prefix ?? 'al';
  // The test override names test labs only: a training workstation's namespaces are always its own.
  const suffix = (prefix === 'al' ? process.env[LAB_SUFFIX_ENV] : undefined) ?? randomBytes(3).toString('hex');
  const workstation = `${prefix}ws-${suffix}`;
  const zones = labZones(suffix, prefix);
  const created: string[] = [];
  const cleanup = async (): Promise<void> => {
    for (const ns of created.reverse()) await run(['ip', 'netns', 'del', ns]).catch(() => undefined);
  };
  const add = async (ns: string): Promise<void> => {
    await options.onCreated?.(ns);
    await run(['ip', 'netns', 'add', ns]);
    created.push(ns);
  };
  try {
    await add(workstation);
    await run(['ip', '-n', workstation, 'link', 'set', 'lo', 'up']);
    for (const zone of zones) {
      await add(zone.ns);
      // Both ends are created straight inside their namespaces.
      await run(['ip', 'link', 'add', zone.interface, 'netns', workstation, 'type', 'veth', 'peer', 'name', 'gw0', 'netns', zone.ns]);
      await run(['ip', '-n', zone.ns, 'addr', 'add', `${zone.gateway}/24`, 'dev', 'gw0']);
      await run(['ip', '-n', zone.ns, 'addr', 'add', `${zone.dns}/24`, 'dev', 'gw0']);
      await run(['ip', '-n', zone.ns, 'link', 'set', 'gw0', 'up']);
      await run(['ip', '-n', zone.ns, 'link', 'set', 'lo', 'up']);
      // Left up and addressed, as a machine might be before Airlock starts: the helper must take them down.
      await run(['ip', '-n', workstation, 'addr', 'add', zone.address, 'dev', zone.interface]);
      await run(['ip', '-n', workstation, 'link', 'set', zone.interface, 'up']);
    }
    if (options.rogue !== false) {
      // No dummy driver on every kernel: the rogue device is a veth whose other end sits in a namespace of its own.
      const rogue = `${prefix}r-${suffix}`;
      await add(rogue);
      await run(['ip', 'link', 'add', 'usb0', 'netns', workstation, 'type', 'veth', 'peer', 'name', 'modem0', 'netns', rogue]);
      await run(['ip', '-n', rogue, 'link', 'set', 'modem0', 'up']);
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    workstation,
    zones,
    rogueInterface: 'usb0',
    zone: (id) => {
      const zone = zones.find((item) => item.id === id);
      if (zone === undefined) throw new Error(`no lab zone ${id}`);
      return zone;
    },
    ipJson: async <T>(args: readonly string[]) => {
      const out = await run(['ip', '-n', workstation, '-j', ...args]);
      return (out.trim() === '' ? [] : JSON.parse(out)) as T;
    },
    exec: (ns, argv) => run(['ip', 'netns', 'exec', ns, ...argv]),
    cleanup,
  };
}

/** True when one ping from the workstation gets an answer. */
export async function pings(lab: ZoneLab, address: string): Promise<boolean> {
  return lab.exec(lab.workstation, ['ping', '-c', '1', '-W', '1', '-n', '-q', address]).then(
    () => true,
    () => false,
  );
}

interface IpLink {
  ifname: string;
  flags: string[];
  operstate: string;
}
interface IpRoute {
  dst?: string;
  dev?: string;
}

/** The lab's zone links that are administratively up, and every route's device, from `ip -j`. */
export async function linkAndRouteState(lab: ZoneLab): Promise<{ upZoneLinks: string[]; operUp: string[]; routeDevices: string[] }> {
  const links = await lab.ipJson<IpLink[]>(['link', 'show']);
  const zoneNames = new Set([...lab.zones.map((zone) => zone.interface), lab.rogueInterface]);
  const routes = [...(await lab.ipJson<IpRoute[]>(['-4', 'route', 'show', 'table', 'all'])), ...(await lab.ipJson<IpRoute[]>(['-6', 'route', 'show', 'table', 'all']))];
  return {
    upZoneLinks: links.filter((link) => zoneNames.has(link.ifname) && link.flags.includes('UP')).map((link) => link.ifname),
    operUp: links.filter((link) => zoneNames.has(link.ifname) && link.operstate === 'UP').map((link) => link.ifname),
    routeDevices: [...new Set(routes.map((route) => route.dev ?? '?').filter((dev) => dev !== 'lo'))],
  };
}
