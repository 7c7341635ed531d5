// "Locks": a lock file opened and its body checked, and whether it is stale at a moment.
import { fail } from './errors.js';
import type { GenerationKeys } from './keys.js';
import { parseJson } from './primitives.js';
import { openSealedBody } from './sealed-file.js';

export interface LockBody {
  readonly exclusive: boolean;
  readonly hostname: string;
  readonly pid: number;
  readonly time: string;
}

/** 30 minutes: a lock whose age is not below this is stale. */
export const STALE_AFTER_MS = 30 * 60 * 1000;
// UTC only, the `Z` required, a fraction of any length optional; the date and time must exist.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

function isInstant(text: string): boolean {
  const parts = INSTANT.exec(text);
  if (parts === null) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

/** The lock's body; `badPrefix`, `sealBroken` (no key for its generation, or not authentic) or `malformed`. */
export function readLock(bytes: Buffer, name: string, keysOf: (generation: number) => GenerationKeys | undefined): LockBody {
  const body = openSealedBody(bytes, 'lock', name, (generation) => keysOf(generation) ?? fail('sealBroken', `${name}: no key for generation ${generation}`));
  const value = parseJson(body.toString('utf8'), name);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('malformed', `${name}: not an object`);
  const members = Object.keys(value).sort();
  if (members.join(',') !== 'exclusive,hostname,pid,time') fail('malformed', `${name}: members ${members.join(',')}`);
  const { exclusive, hostname, pid, time } = value as Record<string, unknown>;
  if (typeof exclusive !== 'boolean') fail('malformed', `${name}: exclusive`);
  if (typeof hostname !== 'string') fail('malformed', `${name}: hostname`);
  if (typeof pid !== 'number' || !Number.isInteger(pid)) fail('malformed', `${name}: pid`);
  if (typeof time !== 'string' || !isInstant(time)) fail('malformed', `${name}: time`);
  return { exclusive, hostname, pid, time };
}

/** Stale at `now` (ms since 1970): the age not below 30 minutes; or this host's lock whose process is gone (`processAlive`). */
export function isStale(lock: LockBody, now: number, thisHost: string, processAlive: (pid: number) => boolean): boolean {
  return !(now - Date.parse(lock.time) < STALE_AFTER_MS) || (lock.hostname === thisHost && !processAlive(lock.pid));
}
