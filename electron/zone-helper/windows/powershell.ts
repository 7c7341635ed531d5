/**
 * PowerShell command construction for the Windows adapter. Values reach the script only as
 * single-quoted literals ('' escapes a quote inside), never interpolated into code, and the
 * policy's schema already limits interface names and addresses to safe characters: two fences.
 */
export function psQuote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function psList(values: readonly string[]): string {
  return values.map(psQuote).join(',');
}

/** The fixed argv: no profile, no prompts, the script as one argument (no shell in between). */
export function powershellArgv(script: string): [string, ...string[]] {
  return ['powershell.exe', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', `$ErrorActionPreference='Stop'; ${script}`];
}
