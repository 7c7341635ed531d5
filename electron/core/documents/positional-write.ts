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
    let rest = views;
    let skip = written;
    while (rest.length > 0 && skip >= (rest[0]?.length ?? 0)) {
      skip -= rest[0]?.length ?? 0;
      rest = rest.slice(1);
    }
    if (rest.length === 0) return done(null);
    writeFullyAt(fd, skip > 0 && rest[0] !== undefined ? [rest[0].subarray(skip), ...rest.slice(1)] : rest, at + written, done);
  });
}
