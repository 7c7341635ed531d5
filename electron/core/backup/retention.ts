/**
 * Which snapshots a retention policy keeps (docs/backup-repository.md, "Forget"), restic's
 * `forget --keep-*` rules: per group (same hostname and paths), newest first, a rule keeps a
 * snapshot when its period (hour, day, ISO week, month, year in `timeZone`) differs from that of the
 * last snapshot the rule kept, until the rule has kept its count; `last` keeps the newest n;
 * `withinDays` keeps every snapshot taken within that many days of the group's newest one that is
 * not in the future (a snapshot from a clock set years ahead must not make every other look old;
 * when all are in the future, all are kept). A snapshot kept by any rule is kept; the reasons say which.
 */
export interface RetentionPolicy {
  readonly last?: number;
  readonly hourly?: number;
  readonly daily?: number;
  readonly weekly?: number;
  readonly monthly?: number;
  readonly yearly?: number;
  readonly withinDays?: number;
}

export type RetentionRule = 'last' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'within';
const COUNTED: readonly Exclude<RetentionRule, 'within'>[] = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly'];

export interface RetainedSnapshot {
  readonly id: string;
  readonly time: string;
  readonly hostname: string;
  readonly paths: readonly string[];
}

export interface RetentionDecision<T extends RetainedSnapshot> {
  readonly keep: { readonly snapshot: T; readonly reasons: readonly RetentionRule[] }[];
  readonly remove: T[];
}

/** A policy that keeps nothing would forget every snapshot: refused by the caller. */
export function policyKeepsNothing(policy: RetentionPolicy): boolean {
  return COUNTED.every((rule) => (policy[rule] ?? 0) <= 0) && (policy.withinDays ?? 0) <= 0;
}

export function applyRetention<T extends RetainedSnapshot>(snapshots: readonly T[], policy: RetentionPolicy, timeZone: string, now = Date.now()): RetentionDecision<T> {
  for (const rule of COUNTED) {
    const count = policy[rule];
    if (count !== undefined && (!Number.isInteger(count) || count < 0)) throw new RangeError(`keep ${rule}: ${count}`);
  }
  if (policy.withinDays !== undefined && !(policy.withinDays >= 0)) throw new RangeError(`keep within: ${policy.withinDays}`);
  const period = periodsIn(timeZone);
  const groups = new Map<string, T[]>();
  for (const snapshot of snapshots) {
    const key = JSON.stringify([snapshot.hostname, [...snapshot.paths].sort()]);
    groups.set(key, [...(groups.get(key) ?? []), snapshot]);
  }
  const decision: RetentionDecision<T> = { keep: [], remove: [] };
  for (const group of groups.values()) {
    const newestFirst = [...group].sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || b.id.localeCompare(a.id));
    const newest = Math.max(0, ...newestFirst.map((snapshot) => Date.parse(snapshot.time)).filter((time) => time < now));
    const left = new Map(COUNTED.map((rule) => [rule, policy[rule] ?? 0]));
    const lastPeriod = new Map<RetentionRule, string>();
    newestFirst.forEach((snapshot, position) => {
      const reasons: RetentionRule[] = [];
      const time = new Date(snapshot.time);
      if (policy.withinDays !== undefined && policy.withinDays > 0 && time.getTime() > newest - policy.withinDays * 86_400_000) reasons.push('within');
      for (const rule of COUNTED) {
        if ((left.get(rule) ?? 0) <= 0) continue;
        const value = rule === 'last' ? String(position) : period(rule, time);
        if (lastPeriod.get(rule) === value) continue;
        lastPeriod.set(rule, value);
        left.set(rule, (left.get(rule) ?? 0) - 1);
        reasons.push(rule);
      }
      if (reasons.length > 0) decision.keep.push({ snapshot, reasons });
      else decision.remove.push(snapshot);
    });
  }
  return decision;
}

/** The hour, day, ISO week, month or year of an instant as a wall clock in `timeZone` shows it. */
function periodsIn(timeZone: string): (rule: Exclude<RetentionRule, 'last' | 'within'>, time: Date) => string {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', hourCycle: 'h23' });
  return (rule, time) => {
    const parts = Object.fromEntries(format.formatToParts(time).map((part) => [part.type, part.value]));
    const [year, month, day, hour] = [Number(parts['year']), Number(parts['month']), Number(parts['day']), Number(parts['hour'])];
    switch (rule) {
      case 'yearly':
        return `${year}`;
      case 'monthly':
        return `${year}-${month}`;
      case 'daily':
        return `${year}-${month}-${day}`;
      case 'hourly':
        return `${year}-${month}-${day} ${hour}`;
      case 'weekly':
        return isoWeek(year, month, day);
    }
  };
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday. */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = (date.getUTCDay() + 6) % 7; // Monday 0
  date.setUTCDate(date.getUTCDate() - weekday + 3); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(weekYear, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return `${weekYear}-W${1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000))}`;
}
