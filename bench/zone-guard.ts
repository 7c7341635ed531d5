// The zone guard's windows, for bench:zones (real namespaces, root): how long a link raised behind
// the app's back stays up, and how long after the helper's SIGKILL the workstation is fail-closed.
// Each beside a reference measured the same way in the same run.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ZoneHelperProcess } from '../electron/core/zones/helper-client.js';
import type { WatchdogAlert } from '../shared/domain/zone.js';
import { run, type LabZone, type ZoneLab } from '../tests/support/zone-lab.js';
import { switchNetwork, type HelperSetup } from '../tests/support/zone-policy.js';

export interface Summary {
  readonly median: number;
  readonly max: number;
  readonly count: number;
}

export function summary(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, max: sorted.at(-1) ?? Number.NaN, count: sorted.length };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await pause(2);
  }
  return true;
}

/** Admin-state changes of one interface as an independent `ip monitor link` sees them, timestamped on arrival. */
function linkObserver(lab: ZoneLab, name: string) {
  const seen: { at: number; up: boolean }[] = [];
  const monitor = spawn('ip', ['-n', lab.workstation, '-o', 'monitor', 'link'], { stdio: ['ignore', 'pipe', 'ignore'] });
  createInterface({ input: monitor.stdout }).on('line', (line) => {
    const match = /^\d+:\s+([^:@\s]+)(?:@\S+)?:\s+<([^>]*)>/.exec(line);
    if (match?.[1] === name) seen.push({ at: performance.now(), up: (match[2] ?? '').split(',').includes('UP') });
  });
  /** From the first UP after `since` to the next not-UP: how long the link was up. */
  const window = (since: number): number | undefined => {
    const up = seen.find((item) => item.at >= since && item.up);
    const down = up === undefined ? undefined : seen.find((item) => item.at > up.at && !item.up);
    return up === undefined || down === undefined ? undefined : down.at - up.at;
  };
  return { window, stop: () => monitor.kill('SIGKILL'), ready: () => pause(200) };
}

/**
 * A foreign zone's link raised `raises` times behind the app's back while `live` is the zone:
 * how long it stays up before the helper's watchdog cuts it (an independent monitor's view),
 * and how many raises got no observed window or no alert ("missed"). Reference: the same link
 * raised and set down again at once by the bench itself, seen by the same monitor.
 */
export async function watchdogWindow(lab: ZoneLab, foreign: LabZone, alerts: readonly WatchdogAlert[], raises: number) {
  const observer = linkObserver(lab, foreign.interface);
  await observer.ready();
  const windows: number[] = [];
  let missed = 0;
  for (let round = 0; round < raises; round++) {
    const before = alerts.length;
    const start = performance.now();
    await run(['ip', '-n', lab.workstation, 'link', 'set', foreign.interface, 'up']);
    const alerted = await waitFor(() => alerts.slice(before).some((alert) => alert.interface === foreign.interface), 3000);
    await pause(20); // the monitor's line for the cut
    const window = observer.window(start);
    if (!alerted || window === undefined) missed += 1;
    else windows.push(window);
  }
  const reference: number[] = [];
  for (let round = 0; round < Math.min(raises, 20); round++) {
    const start = performance.now();
    await run(['ip', '-n', lab.workstation, 'link', 'set', foreign.interface, 'up']);
    await run(['ip', '-n', lab.workstation, 'link', 'set', foreign.interface, 'down']);
    await pause(20);
    const window = observer.window(start);
    if (window !== undefined) reference.push(window);
  }
  observer.stop();
  return { window: summary(windows), missed, reference: summary(reference) };
}

/** True when one ping from the workstation gets an answer within 200 ms. */
const answers = (lab: ZoneLab, address: string) => lab.exec(lab.workstation, ['ping', '-c', '1', '-W', '0.2', '-n', '-q', address]).then(() => true, () => false);

async function untilUnreachable(lab: ZoneLab, address: string, since: number, timeoutMs: number): Promise<number | undefined> {
  while (performance.now() - since < timeoutMs) if (!(await answers(lab, address))) return performance.now() - since;
  return undefined;
}

/**
 * The kernel's dead-man switch alone: a helper SIGKILLed with `zone` live and nobody restarting it,
 * probed by ping until the gateway stops answering. Reference: an nft set element added by hand
 * with the same timeout, probed the same way (the kernel's own expiry precision).
 */
export async function acceptExpiry(lab: ZoneLab, setup: HelperSetup, zone: LabZone, leaseSeconds: number, kills: number) {
  const expired: number[] = [];
  for (let round = 0; round < kills; round++) {
    let process_: ZoneHelperProcess | undefined;
    const helper = setup.start((spawned) => (process_ = spawned));
    await switchNetwork(helper, zone.id);
    await pause(1500); // mid-way between two renewals, on average
    const at = performance.now();
    process.kill(process_?.pid ?? 0, 'SIGKILL');
    const ms = await untilUnreachable(lab, zone.gateway, at, leaseSeconds * 1000 + 5000);
    if (ms !== undefined) expired.push(ms);
  }
  // Reference: the same ruleset's shape, with one element leased by hand.
  const nft = (rules: string) => run(['ip', 'netns', 'exec', lab.workstation, 'nft', rules]);
  await nft(`flush ruleset; add table inet ref; add set inet ref s { type ifname; flags timeout; }; add chain inet ref o { type filter hook output priority -300; policy drop; }; add rule inet ref o oifname "lo" accept; add rule inet ref o oifname @s accept`);
  const at = performance.now();
  await nft(`add element inet ref s { "${zone.interface}" timeout ${leaseSeconds}s }`);
  const reference = await untilUnreachable(lab, zone.gateway, at, leaseSeconds * 1000 + 5000);
  await nft('flush ruleset');
  return { expired: summary(expired), missed: kills - expired.length, reference };
}

/**
 * The app's side of a helper's death, through the supervisor: SIGKILL → the app told (exit event),
 * → a new helper answering (it isolated first), → every zone link seen down. References: a
 * trivial child's SIGKILL to its exit event; a helper's cold start to its first answer.
 */
export async function helperDeath(lab: ZoneLab, setup: HelperSetup, kills: number) {
  const notified: number[] = [];
  const ready: number[] = [];
  const linksDown: number[] = [];
  let current: ZoneHelperProcess | undefined;
  let stoppedAt = 0;
  let readyAt = 0;
  const coldStart = performance.now();
  const supervisor = setup.supervise({ stableMs: 0 }, (spawned) => (current = spawned));
  supervisor.onStopped(() => (stoppedAt = performance.now()));
  supervisor.onReady(() => (readyAt = performance.now()));
  await waitFor(() => supervisor.ready, 30_000);
  const coldStartMs = readyAt - coldStart;
  for (let round = 0; round < kills; round++) {
    const zone = lab.zones[round % lab.zones.length] as LabZone;
    await switchNetwork(supervisor, zone.id);
    const at = performance.now();
    process.kill(current?.pid ?? 0, 'SIGKILL');
    let down: number | undefined;
    while (down === undefined && performance.now() - at < 10_000) {
      const links = await lab.ipJson<{ ifname: string; flags: string[] }[]>(['link', 'show']);
      if (!links.some((link) => lab.zones.some((item) => item.interface === link.ifname) && link.flags.includes('UP'))) down = performance.now() - at;
    }
    await waitFor(() => readyAt > at && supervisor.ready, 10_000);
    notified.push(stoppedAt - at);
    ready.push(readyAt - at);
    if (down !== undefined) linksDown.push(down);
  }
  supervisor.stop();

  const exits: number[] = [];
  for (let round = 0; round < kills; round++) {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const at = performance.now();
    const exited = new Promise<number>((resolve) => child.once('exit', () => resolve(performance.now() - at)));
    child.kill('SIGKILL');
    exits.push(await exited);
  }
  return { notified: summary(notified), ready: summary(ready), linksDown: summary(linksDown), linksDownMissed: kills - linksDown.length, exitReference: summary(exits), coldStartMs };
}
