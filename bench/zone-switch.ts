// Zone switch and watchdog timings in real network namespaces (root). Not a harness benchmark:
// one switch takes tens of milliseconds, so each is timed on its own and medians are printed.
//   npm run bench:zones
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WatchdogAlert } from '../shared/domain/zone.js';
import type { NetworkStep } from '../electron/core/zones/zone-network.js';
import { createSoftHsmToken } from '../tests/support/softhsm-token.js';
import { createZoneLab, run } from '../tests/support/zone-lab.js';
import { helperSetup, labPolicy, writeSignedPolicy } from '../tests/support/zone-policy.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 15);
const STEPS: readonly NetworkStep[] = ['killSockets', 'firewall', 'linksDown', 'targetUp', 'route', 'dns', 'verify'];

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;

const [token, lab] = await Promise.all([createSoftHsmToken(), createZoneLab()]);
const dir = await mkdtemp(path.join(tmpdir(), 'airlock-bench-zones-'));
try {
  const setup = await helperSetup(token, lab, dir, { watchdogIntervalMs: 60_000 });
  await writeSignedPolicy(token, setup.policyPath, labPolicy(lab));
  const helper = setup.start();
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

  process.stdout.write(`\nZone switch, ${ROUNDS} rounds (authorisation excluded), medians:\n`);
  for (const step of STEPS) process.stdout.write(`  ${step.padEnd(12)} ${ms(median(perStep.get(step) ?? []))}\n`);
  process.stdout.write(`  ${'total'.padEnd(12)} ${ms(median(totals))}   reference: bare "ip link set down; ip link set up" ${ms(median(bare))} (${(median(totals) / median(bare)).toFixed(1)}×)\n`);
  process.stdout.write(`\nWatchdog, a foreign zone link raised ${ROUNDS} times, medians:\n`);
  process.stdout.write(`  helper: link event to link down   ${ms(median(reported))}\n`);
  process.stdout.write(`  test: "ip link set up" returned to alert received   ${ms(median(seen))}\n`);
  process.stdout.write(`BENCH_JSON ${JSON.stringify({ name: 'zone-switch', rounds: ROUNDS, steps: Object.fromEntries(STEPS.map((step) => [step, median(perStep.get(step) ?? [])])), total: median(totals), bare: median(bare), watchdogReported: median(reported), watchdogSeen: median(seen) })}\n`);
} finally {
  await Promise.all([token.cleanup(), lab.cleanup(), rm(dir, { recursive: true, force: true })]);
}
