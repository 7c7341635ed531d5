import { randomBytes } from 'node:crypto';
import type { BackupTarget } from './backup-target.js';

export const newLockName = (): string => `locks/${randomBytes(16).toString('hex')}`;

/**
 * Keeps a held lock fresh (docs/backup-repository.md, "Locks"): every `everyMs` a new lock file with
 * the current time is written, then the previous one removed, so the holder always has at least one
 * lock on the target and its newest is never older than `everyMs`. A refresh that fails (target gone
 * for a moment) is tried again at the next tick; the old lock stays meanwhile. Returns the release
 * function: it stops the timer, waits for a refresh under way and removes the current lock.
 */
export function refreshedLock(target: BackupTarget, first: string, build: () => Buffer, everyMs: number): () => Promise<void> {
  let current = first;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const refresh = async (): Promise<void> => {
    const next = newLockName();
    try {
      await target.put(next, build());
    } catch {
      return;
    }
    if (stopped) {
      await target.remove(next);
      return;
    }
    const previous = current;
    current = next;
    await target.remove(previous).catch(() => undefined);
  };
  const timer = setInterval(() => {
    running = running.then(refresh);
  }, everyMs);
  // A lock must not keep the process alive on its own.
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await target.remove(current);
  };
}
