import { spawn } from 'node:child_process';

export interface CommandResult {
  readonly stdout: string;
}

export class CommandFailed extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(`${argv.join(' ')} failed (${exitCode ?? 'killed'}): ${stderr.trim().slice(0, 300)}`);
  }
}

/** Runs one network tool. Fixed argv, no shell: nothing from a policy or a request is ever parsed as a command line. */
export type CommandRunner = (argv: readonly [string, ...string[]], options?: { input?: string }) => Promise<CommandResult>;

const TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 8 * 1024 * 1024;

/**
 * The runner for Linux. With `netns` every command runs inside that network namespace through
 * `ip netns exec` (the tests' workstation namespace); without it, on the machine itself.
 */
export function linuxCommandRunner(options: { netns?: string } = {}): CommandRunner {
  const prefix = linuxCommandPrefix(options);
  return (argv, runOptions = {}) =>
    new Promise((resolve, reject) => {
      const full = [...prefix, ...argv];
      const [command, ...args] = full as [string, ...string[]];
      const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' } });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.length > MAX_OUTPUT) child.kill('SIGKILL');
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new CommandFailed(full, error.message, null));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve({ stdout });
        else reject(new CommandFailed(full, stderr, code));
      });
      // A tool that exits without reading its stdin must not take the helper down with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(runOptions.input ?? '');
    });
}

/**
 * argv prefix of every tool the helper runs: util-linux `setpriv --pdeathsig KILL` makes the kernel
 * SIGKILL the tool when the helper dies, even by SIGKILL (the signal survives the exec into `ip
 * netns exec` and the tool), so no `ip monitor` is orphaned and no `ip link set up` of a dead
 * helper lands after its successor isolated. Then the namespace, for the tests.
 */
export function linuxCommandPrefix(options: { netns?: string } = {}): string[] {
  return ['setpriv', '--pdeathsig', 'KILL', '--', ...(options.netns === undefined ? [] : ['ip', 'netns', 'exec', options.netns])];
}
