import { hostname } from 'node:os';
import { z } from 'zod';
import { BackupFormatError } from './backup-format-error.js';
import { BackupTargetError, type BackupTarget } from './backup-target.js';
import type { GenerationKeys } from './repository-keys.js';
import { newLockName, refreshedLock } from './lock-refresh.js';
import { aadOf, filePrefix, PREFIX_BYTES, readPrefix, seal, unseal } from './sealing.js';

/** docs/backup-repository.md, "Locks". */
export const STALE_AFTER_MS = 30 * 60 * 1000;
/** Well inside STALE_AFTER_MS: a lock held for hours never looks stale to another host. */
export const REFRESH_EVERY_MS = 5 * 60 * 1000;
// `time` an ISO instant: one that is not would make the lock look stale at once (its age NaN) and
// removable by anyone — refused instead (malformed), so it counts as live (fail closed).
const LockBody = z.strictObject({ exclusive: z.boolean(), hostname: z.string(), pid: z.number().int(), time: z.iso.datetime() });
export type LockBody = z.infer<typeof LockBody>;

/** `nonce`: random unless given (the committed vectors fix it). */
export function buildLock(keys: GenerationKeys, body: LockBody, nonce?: Uint8Array): Buffer {
  const prefix = filePrefix('lock', keys.generation);
  return Buffer.concat([prefix, seal(keys.sealKey, aadOf(`lock ${prefix.toString('hex')}`), Buffer.from(JSON.stringify(body), 'utf8'), nonce)]);
}

export function readLock(bytes: Buffer, name: string, keysOf: (generation: number) => GenerationKeys | undefined): LockBody {
  const generation = readPrefix(bytes, 'lock', name);
  const keys = keysOf(generation);
  if (keys === undefined) throw new BackupFormatError('sealBroken', name);
  try {
    return LockBody.parse(JSON.parse(unseal(keys.sealKey, aadOf(`lock ${bytes.subarray(0, PREFIX_BYTES).toString('hex')}`), bytes.subarray(PREFIX_BYTES), name).toString('utf8')));
  } catch (error) {
    if (error instanceof BackupFormatError) throw error;
    throw new BackupFormatError('malformed', name);
  }
}

/**
 * A lock as read: `gone` when it was removed after the listing (its holder released or refreshed
 * it), undefined when it does not open (counted live: fail closed).
 */
export async function readLockIfPresent(target: BackupTarget, name: string, keysOf: (generation: number) => GenerationKeys | undefined): Promise<LockBody | undefined | 'gone'> {
  try {
    return readLock(await target.get(name), name, keysOf);
  } catch (error) {
    if (error instanceof BackupTargetError && error.code === 'missing') return 'gone';
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stale: older than 30 minutes, or this host's and its process is gone. */
export function isStale(lock: LockBody, now = Date.now()): boolean {
  const age = now - Date.parse(lock.time);
  return !(age < STALE_AFTER_MS) || (lock.hostname === hostname() && !alive(lock.pid));
}

/**
 * Writes a lock, then looks at the others: a shared lock yields to a live exclusive one, an
 * exclusive lock to any live lock. An unreadable lock counts as live (fail closed). Returns the
 * release function.
 */
export async function takeLock(
  target: BackupTarget,
  keys: GenerationKeys,
  keysOf: (generation: number) => GenerationKeys | undefined,
  exclusive: boolean,
  refreshEveryMs = REFRESH_EVERY_MS,
): Promise<() => Promise<void>> {
  const name = newLockName();
  await target.put(name, buildLock(keys, lockBody(exclusive)));
  const release = () => target.remove(name);
  for (const other of await target.list('locks/')) {
    if (other.name === name) continue;
    const lock = await readLockIfPresent(target, other.name, keysOf);
    if (lock === 'gone') continue;
    if (lock !== undefined && isStale(lock)) {
      if (exclusive) await target.remove(other.name);
      continue;
    }
    if (exclusive || lock === undefined || lock.exclusive) {
      await release();
      throw new BackupFormatError('locked', other.name);
    }
  }
  return refreshedLock(target, name, () => buildLock(keys, lockBody(exclusive)), refreshEveryMs);
}

const lockBody = (exclusive: boolean): LockBody => ({ exclusive, hostname: hostname(), pid: process.pid, time: new Date().toISOString() });
