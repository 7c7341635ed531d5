// Zone switch and watchdog timings in real network namespaces (root). Not a harness benchmark:
// one switch takes tens of milliseconds, so each is timed on its own and medians are printed.
// Then the guard's windows (bench/zone-guard.ts): a rogue link's time up, a killed helper's way to fail-closed.
//   npm run bench:zones        (ROUNDS, RAISES, KILLS, LEASE_KILLS to change the counts)
import path from 'node:path';
import type { WatchdogAlert } from '../shared/domain/zone.js';
import type { NetworkStep } from '../electron/core/zones/zone-network.js';
import { createSoftHsmToken } from '../tests/support/softhsm-token.js';
import { Teardown } from '../tests/support/teardown.js';
import { createZoneLab, run, type LabZone } from '../tests/support/zone-lab.js';
import { helperSetup, labPolicy, switchNetwork, writeSignedPolicy } from '../tests/support/zone-policy.js';
import { acceptExpiry, helperDeath, watchdogWindow, type Summary } from './zone-guard.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 15);
const RAISES = Number(process.env['RAISES'] ?? 100);
const KILLS = Number(process.env['KILLS'] ?? 10);
const LEASE_KILLS = Number(process.env['LEASE_KILLS'] ?? 3);
const LEASE_SECONDS = 3;
const STEPS: readonly NetworkStep[] = ['killSockets', 'firewall', 'linksDown', 'targetUp', 'route', 'dns', 'verify'];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const spread = (value: Summary): string => `median ${ms(value.median)}, max ${ms(value.max)} (n=${value.count})`;

// Everything made is undone, also when making it fails halfway (#14).
const teardown = new Teardown();
try {
  const [token, lab, dir] = await Promise.all([teardown.fixture(createSoftHsmToken()), teardown.fixture(createZoneLab()), teardown.tempDir('airlock-bench-zones-')]);
  const setup = await helperSetup(token, lab, dir, { watchdogIntervalMs: 60_000 });
  await writeSignedPolicy(token, setup.policyPath, labPolicy(lab));
  const helper = setup.start();
  teardown.defer(() => helper.stop());
  await helper.status();

  // Reference, same run: the bare link flip a switch cannot avoid (one link down, another up).
  const bare: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = round % 2 === 0 ? [lab.zones[0], lab.zones[1]] : [lab.zones[1], lab.zones[0]];
    const start = performance.now();
    await run(['ip', '-n', lab.workstation, 'link', 'set', a?.interface ?? '', 'down']);
    await run(['ip', '-n', lab.workstation, 'link', 'set', b?.interface ?? '', 'up']);
    bare.push(performance.now() - start);
  }
  await helper.isolate();

  const perStep = new Map<NetworkStep, number[]>(STEPS.map((step) => [step, []]));
  const totals: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const zone = lab.zones[round % lab.zones.length]?.id ?? 'internet';
    const start = performance.now();
    for (const step of STEPS) {
      const begin = performance.now();
      if (step === 'killSockets') await helper.killSockets();
      else if (step === 'firewall') await helper.firewall(zone);
      else if (step === 'linksDown') await helper.linksDown();
      else await helper[step](zone);
      perStep.get(step)?.push(performance.now() - begin);
    }
    totals.push(performance.now() - start);
  }

  const alerts: WatchdogAlert[] = [];
  helper.onAlert((alert) => alerts.push(alert));
  const seen: number[] = [];
  const reported: number[] = [];
  const foreign = lab.zones.find((zone) => zone.id !== lab.zones[(ROUNDS - 1) % lab.zones.length]?.id);
  for (let round = 0; round < ROUNDS; round++) {
    alerts.length = 0;
    const start = performance.now();
    await run(['ip', '-n', lab.workstation, 'link', 'set', foreign?.interface ?? '', 'up']);
    while (alerts.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    seen.push(performance.now() - start);
    reported.push(alerts[0]?.reactionMs ?? 0);
  }
  helper.stop();

  // The guard as packaged: the watchdog's 1 s timer and the firewall's lease as shipped.
  const guardSetup = await helperSetup(token, lab, path.join(dir, 'guard'), { acceptLeaseSeconds: LEASE_SECONDS });
  await writeSignedPolicy(token, guardSetup.policyPath, labPolicy(lab));
  const guarded = guardSetup.start();
  const guardAlerts: WatchdogAlert[] = [];
  guarded.onAlert((alert) => guardAlerts.push(alert));
  const [live, rogue] = lab.zones as [LabZone, LabZone];
  await switchNetwork(guarded, live.id);
  const window = await watchdogWindow(lab, rogue, guardAlerts, RAISES);
  guarded.stop();
  const lease = await acceptExpiry(lab, guardSetup, live, LEASE_SECONDS, LEASE_KILLS);
  const death = await helperDeath(lab, guardSetup, KILLS);

  process.stdout.write(`\nZone switch, ${ROUNDS} rounds (authorisation excluded), medians:\n`);
  for (const step of STEPS) process.stdout.write(`  ${step.padEnd(12)} ${ms(median(perStep.get(step) ?? []))}\n`);
  process.stdout.write(`  ${'total'.padEnd(12)} ${ms(median(totals))}   reference: bare "ip link set down; ip link set up" ${ms(median(bare))} (${(median(totals) / median(bare)).toFixed(1)}×)\n`);
  process.stdout.write(`\nWatchdog, a foreign zone link raised ${ROUNDS} times, medians:\n`);
  process.stdout.write(`  helper: link event to link down   ${ms(median(reported))}\n`);
  process.stdout.write(`  test: "ip link set up" returned to alert received   ${ms(median(seen))}\n`);
  process.stdout.write(`\nWatchdog window (1 s timer + link monitor): ${RAISES} raises of ${rogue.interface} while ${live.id} is live, time up as an independent "ip monitor" sees it:\n`);
  process.stdout.write(`  up until cut        ${spread(window.window)}, missed ${window.missed}\n`);
  process.stdout.write(`  reference: "ip link set up; ip link set down" by the bench   ${spread(window.reference)}\n`);
  process.stdout.write(`\nHelper SIGKILL → fail-closed (${KILLS} kills through the supervisor; lease ${LEASE_SECONDS} s, ${LEASE_KILLS} kills with no successor):\n`);
  process.stdout.write(`  accept expired (no successor)   ${spread(lease.expired)}, missed ${lease.missed}   reference: a hand-leased nft element of ${LEASE_SECONDS} s ${lease.reference === undefined ? 'never expired' : ms(lease.reference)}\n`);
  process.stdout.write(`  app notified                    ${spread(death.notified)}   reference: a "sleep" child's SIGKILL to its exit event ${spread(death.exitReference)}\n`);
  process.stdout.write(`  new helper ready                ${spread(death.ready)}   reference: the first helper's cold start ${ms(death.coldStartMs)}\n`);
  process.stdout.write(`  every zone link down            ${spread(death.linksDown)}, missed ${death.linksDownMissed}\n`);
  process.stdout.write(
    `BENCH_JSON ${JSON.stringify({ name: 'zone-switch', rounds: ROUNDS, steps: Object.fromEntries(STEPS.map((step) => [step, median(perStep.get(step) ?? [])])), total: median(totals), bare: median(bare), watchdogReported: median(reported), watchdogSeen: median(seen), watchdogWindow: window, lease, helperDeath: death })}\n`,
  );
} finally {
  await teardown.run();
}
