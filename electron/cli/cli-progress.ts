/** Redraws at most this often: a terminal line, not a log. */
const EVERY_MS = 200;

/**
 * Progress of a long command for the person at the terminal: one line on stderr, redrawn in place
 * ("airlock: decrypting 42%"); nothing when stderr is not a terminal or the output is --json, so
 * scripts see only their JSON.
 */
export function terminalProgress(what: string, enabled: boolean): { update(done: number, total: number): void; end(): void } {
  if (!enabled) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update: (done, total) => {
      const now = Date.now();
      if (now - last < EVERY_MS || total <= 0) return;
      last = now;
      shown = true;
      process.stderr.write(`\rairlock: ${what} ${Math.floor((100 * done) / total)}%`);
    },
    end: () => {
      if (shown) process.stderr.write('\n');
    },
  };
}
