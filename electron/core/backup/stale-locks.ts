import { isStale, readLockIfPresent, type LockBody } from './locks.js';
import type { Repository } from './repository.js';

export interface LockSummary {
  readonly name: string;
  /** Undefined when the lock does not open under the repository's keys (counted live: fail closed). */
  readonly lock?: LockBody;
  readonly stale: boolean;
}

/** Every lock on the target and whether it is stale (older than 30 minutes, or this host's and its process gone). */
export async function listLocks(repository: Repository, now = Date.now()): Promise<LockSummary[]> {
  const found: LockSummary[] = [];
  for (const { name } of await repository.target.list('locks/')) {
    const lock = await readLockIfPresent(repository.target, name, repository.keysOf);
    if (lock === 'gone') continue;
    found.push(lock === undefined ? { name, stale: false } : { name, lock, stale: isStale(lock, now) });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Removes the stale locks only (restic's `unlock`); a live or unreadable lock stays. Returns their names. */
export async function removeStaleLocks(repository: Repository, now = Date.now()): Promise<string[]> {
  const stale = (await listLocks(repository, now)).filter((entry) => entry.stale).map((entry) => entry.name);
  for (const name of stale) await repository.target.remove(name);
  return stale;
}
