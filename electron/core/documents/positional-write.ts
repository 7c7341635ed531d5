import { writev } from 'node:fs';

/**
 * Writes `views` at `at` with writev, for worker threads writing their share of a file at its own
 * offset. writev may write less than asked (a disk filling up says so only by the count); the rest
 * follows until all is there or the system refuses (ENOSPC), so a full disk never leaves a silently
 * shortened file. Calls back once, with the error if any.
 */
export function writeFullyAt(fd: number, views: readonly Buffer[], at: number, done: (error: NodeJS.ErrnoException | null) => void): void {
  writev(fd, views, at, (error, written) => {
    if (error !== null) return done(error);
    if (written === 0) return done(Object.assign(new Error('the file system accepted no bytes'), { code: 'EIO' }));
    const rest = viewsAfter(views, written);
    if (rest.length === 0) return done(null);
    writeFullyAt(fd, rest, at + written, done);
  });
}

/** What is left of `views` after their first `bytes` bytes (a short read or write continues with it). */
export function viewsAfter<View extends Uint8Array>(views: readonly View[], bytes: number): View[] {
  let rest = views.slice();
  let skip = bytes;
  while (rest.length > 0 && skip >= (rest[0]?.length ?? 0)) {
    skip -= rest[0]?.length ?? 0;
    rest = rest.slice(1);
  }
  if (skip > 0 && rest[0] !== undefined) rest = [rest[0].subarray(skip) as View, ...rest.slice(1)];
  return rest;
}
