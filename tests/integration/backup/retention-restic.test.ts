import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { applyRetention, type RetentionPolicy, type RetentionRule } from '../../../electron/core/backup/retention.js';
import { teardownAfterSuite } from '../../support/teardown.js';

// The retention rules against restic 0.14's own `forget --dry-run --json` (Debian's restic): the
// same snapshot times (two hosts, across midnights, week and year ends, in Asia/Ho_Chi_Minh, UTC+7)
// and the same policies must keep the same snapshots for the same reasons.

const run = promisify(execFile);
const ZONE = 'Asia/Ho_Chi_Minh';
const HOURS = 3_600_000;

/** Deterministic times: bursts within an hour, days, weeks, both sides of local and UTC midnight, over 3 years. */
function snapshotTimes(): { host: string; time: Date }[] {
  const start = Date.UTC(2023, 11, 24, 16, 30); // 23:30 local on 24 December 2023
  const steps = [0, 0.5, 1, 1.2, 7.6, 8, 20, 26, 30, 50, 75, 100, 170, 171, 200, 340, 500, 700, 744, 745, 900, 1400, 2000, 2600, 3000, 4400, 6000, 8760, 9000, 12000, 17600, 17601, 20000, 26000];
  return steps.map((hours, i) => ({ host: i % 5 === 4 ? 'may-tram-2' : 'may-tram-1', time: new Date(start + hours * HOURS) }));
}

const POLICIES: RetentionPolicy[] = [
  { last: 3 },
  { hourly: 5 },
  { daily: 7 },
  { weekly: 4 },
  { monthly: 6 },
  { yearly: 3 },
  { withinDays: 10 },
  { last: 2, daily: 5, weekly: 4, monthly: 12, yearly: 10 },
  { daily: 3, withinDays: 40 },
];

const resticFlags = (policy: RetentionPolicy): string[] =>
  Object.entries(policy).flatMap(([rule, value]) => (rule === 'withinDays' ? ['--keep-within', `${String(value)}d`] : [`--keep-${rule}`, String(value)]));
const resticReason = (match: string): RetentionRule => (match.startsWith('within') ? 'within' : (match.split(' ')[0] as RetentionRule));
const localText = (time: Date) => new Date(time.getTime() + 7 * HOURS).toISOString().replace('T', ' ').slice(0, 19);

interface ResticGroup {
  readonly host: string;
  readonly keep: { time: string }[] | null;
  readonly remove: { time: string }[] | null;
  readonly reasons: { snapshot: { time: string }; matches: string[] }[];
}

describe('retention rules beside restic 0.14 forget --dry-run', () => {
  const teardown = teardownAfterSuite();
  const env = { ...process.env, RESTIC_PASSWORD: 'retention-test', TZ: ZONE };
  let repo: string;
  let folder: string;
  const snapshots = snapshotTimes().map(({ host, time }, i) => ({ id: String(i).padStart(4, '0'), host, time }));

  before(async () => {
    const dir = await teardown.tempDir('airlock-retention-');
    repo = path.join(dir, 'restic');
    folder = path.join(dir, 'src');
    await mkdir(folder);
    await writeFile(path.join(folder, 'tệp.txt'), 'x');
    await run('restic', ['-r', repo, 'init', '-q'], { env });
    for (const { host, time } of snapshots) await run('restic', ['-r', repo, 'backup', '-q', '--host', host, '--time', localText(time), folder], { env });
  });

  for (const policy of POLICIES) {
    it(`keeps what restic keeps, for the same reasons: ${JSON.stringify(policy)}`, async () => {
      const { stdout } = await run('restic', ['-r', repo, 'forget', '--dry-run', '--json', ...resticFlags(policy)], { env });
      const groups = JSON.parse(stdout) as ResticGroup[];
      const theirs = new Map<string, RetentionRule[]>();
      for (const group of groups) for (const reason of group.reasons) theirs.set(`${group.host} ${new Date(reason.snapshot.time).toISOString()}`, reason.matches.map(resticReason).sort());
      const removedByThem = groups.flatMap((group) => (group.remove ?? []).map((snapshot) => `${group.host} ${new Date(snapshot.time).toISOString()}`)).sort();

      const ours = applyRetention(snapshots.map(({ id, host, time }) => ({ id, hostname: host, time: time.toISOString(), paths: [folder] })), policy, ZONE);
      const mine = new Map(ours.keep.map(({ snapshot, reasons }) => [`${snapshot.hostname} ${snapshot.time}`, [...reasons].sort()]));
      assert.deepEqual([...mine.keys()].sort(), [...theirs.keys()].sort(), 'the same snapshots kept');
      for (const [key, reasons] of mine) assert.deepEqual(reasons, theirs.get(key), key);
      assert.deepEqual(ours.remove.map((snapshot) => `${snapshot.hostname} ${snapshot.time}`).sort(), removedByThem, 'the same removed');
      assert.ok(ours.remove.length > 0 && ours.keep.length > 0, 'the policy both keeps and removes here');
    });
  }
});
