// What a test run can leave on the machine (network namespaces, nftables tables, processes, temp
// files), and a way to run one suite in a child node with a tool missing, to check it leaves none.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { run } from './zone-lab.js';

const root = path.resolve(import.meta.dirname, '../..');

/** The network namespaces of the zone lab named with `suffix` (`alws-…`, `alz<n>-…`, `alr-…`). */
export async function labNamespaces(suffix: string): Promise<string[]> {
  const listed = await run(['ip', 'netns', 'list']);
  return listed
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => /^al(ws|z\d|r)-/.test(name) && name.endsWith(`-${suffix}`))
    .sort();
}

/** The host namespace's nftables tables. */
export async function nftTables(): Promise<string[]> {
  return (await run(['nft', 'list', 'tables'])).split('\n').filter(Boolean).sort();
}

/** Processes whose environment holds `marker`: every descendant of a run inherits it, orphans too. */
export function processesMarked(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker)) continue;
      found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim()}`);
    } catch {
      // Gone meanwhile, or a kernel thread.
    }
  }
  return found;
}

/**
 * A folder of links to every program on PATH except `missing`, as on a machine without the packages
 * that ship them: the suite run with it finds the real tools, and no `missing` at all.
 */
export async function pathWithout(dir: string, missing: readonly string[]): Promise<string> {
  const seen = new Set(missing);
  for (const bin of (process.env['PATH'] ?? '').split(':').filter(Boolean)) {
    const names = await readdir(bin).catch(() => [] as string[]);
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      await symlink(path.join(bin, name), path.join(dir, name));
    }
  }
  return dir;
}

/** Runs one test file with Node's runner in a child node, `env` on top of this one's. */
export function runTestFile(file: string, env: Readonly<Record<string, string>>): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // Set by the runner running this file: a child runner that sees it reports to us, not as a run of its own.
  delete childEnv['NODE_TEST_CONTEXT'];
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', file], { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
