import { spawn } from 'node:child_process';
import type { ZoneHelperProcess } from '../core/zones/helper-client.js';

/**
 * Starts the zone helper with a fixed argv: `pkexec <installed helper>` in the packaged app
 * (docs/zones.md), a root child in the tests. Its stderr goes to ours (the main log).
 */
export function spawnZoneHelper(argv: readonly [string, ...string[]], env: NodeJS.ProcessEnv = process.env): ZoneHelperProcess {
  const [command, ...args] = argv;
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env });
  let exited = false;
  const exitListeners: ((code: number | null) => void)[] = [];
  const exit = (code: number | null): void => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(code);
  };
  child.on('exit', exit);
  child.on('error', () => exit(null));
  // A helper that died mid-write must not crash the app with EPIPE.
  child.stdin.on('error', () => undefined);
  return {
    pid: child.pid,
    stdin: child.stdin,
    stdout: child.stdout,
    onExit: (listener) => {
      if (exited) listener(child.exitCode);
      else exitListeners.push(listener);
    },
    kill: () => child.kill('SIGKILL'),
  };
}
