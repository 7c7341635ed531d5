import { execFile } from 'node:child_process';

export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
}

/** What a child tool needs on top of the parent's environment; never written into process.env. */
export type ToolEnv = Readonly<Record<string, string>>;

/** A tool that exited non-zero or died on a signal, with what it printed, so a test can assert on the failure. */
export class ToolFailure extends Error {
  readonly command: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;

  constructor(command: readonly string[], status: string, exitCode: number | null, signal: string | null, stdout: string, stderr: string) {
    super(`${command.join(' ')} failed (${status})\n${stderr.trim() || stdout.trim()}`);
    this.name = 'ToolFailure';
    this.command = command;
    this.exitCode = exitCode;
    this.signal = signal;
    this.stdout = stdout;
    this.stderr = stderr;
  }
}

// A tool stuck on a prompt (a PIN it was not given) would otherwise hang the whole test run.
const TOOL_TIMEOUT_MS = 60_000;

/**
 * Runs a tool with a fixed argv and no shell, so token labels with spaces and Vietnamese subjects reach
 * it verbatim and nothing in them can be interpreted as shell syntax.
 */
export function runTool(file: string, args: readonly string[], env: ToolEnv, cwd?: string): Promise<ToolOutput> {
  const command = [file, ...args];
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { env: { ...process.env, ...env }, cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: TOOL_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ stdout, stderr });
          return;
        }
        const exitCode = typeof error.code === 'number' ? error.code : null;
        const signal = error.signal ?? null;
        // A missing binary (ENOENT) has neither an exit code nor a signal; say which tool to install.
        const status = signal !== null ? `signal ${signal}` : exitCode !== null ? `exit code ${exitCode}` : error.message;
        reject(new ToolFailure(command, status, exitCode, signal, stdout, stderr));
      },
    );
  });
}
