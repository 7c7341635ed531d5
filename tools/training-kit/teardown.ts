// `npm run training -- --down`: ends every process of the training workstation, deletes its network
// namespaces and its folder (tokens, CA, data, inbox), from what the state file recorded and from
// what is still running with the folder in its environment or command line, then checks nothing is left.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { readState } from './state.js';
import { run } from './zones/zone-lab.js';

export interface TeardownReport {
  readonly processes: readonly number[];
  readonly namespaces: readonly string[];
  readonly removed: boolean;
}

/** Not ours: a folder with files but no state file is never deleted. */
export class NotATrainingFolder extends Error {}

const GRACE_MS = 3000;

async function procText(pid: string, part: 'environ' | 'cmdline' | 'stat'): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/${part}`)).toString('utf8');
  } catch {
    return '';
  }
}

/** This process and its ancestors: never ended, whatever their environment says. */
async function selfAndAncestors(): Promise<Set<number>> {
  const chain = new Set<number>([process.pid]);
  let pid = process.ppid;
  while (pid > 1 && !chain.has(pid)) {
    chain.add(pid);
    const stat = await procText(String(pid), 'stat');
    // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
    pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? 0);
  }
  return chain;
}

/**
 * Every process the training workstation started: the app (its profile variable), its token process
 * and Chromium (the same, inherited), the zone helper (its config under the folder on the command
 * line), SoftHSM tools (SOFTHSM2_CONF). Only these variables are read: a shell that merely stands in
 * the folder (PWD) is not the workstation's. This process and its ancestors are never listed.
 */
export async function processesOf(home: string): Promise<number[]> {
  const exclude = await selfAndAncestors();
  const folder = home.endsWith(path.sep) ? home : `${home}${path.sep}`;
  const marks = [`\0AIRLOCK_TRAINING_PROFILE=${folder}`, `\0SOFTHSM2_CONF=${folder}`];
  const found: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || exclude.has(Number(pid))) continue;
    const [environ, cmdline] = await Promise.all([procText(pid, 'environ'), procText(pid, 'cmdline')]);
    if (marks.some((mark) => `\0${environ}`.includes(mark)) || cmdline.includes(folder)) found.push(Number(pid));
  }
  return found;
}

async function namespacePids(ns: string): Promise<number[]> {
  const out = await run(['ip', 'netns', 'pids', ns]).catch(() => '');
  return out.split(/\s+/).filter((pid) => /^\d+$/.test(pid)).map(Number);
}

export async function existingNamespaces(): Promise<string[]> {
  const out = await run(['ip', '-j', 'netns', 'list']).catch(() => '');
  if (out.trim() === '') return [];
  return (JSON.parse(out) as { name: string }[]).map((entry) => entry.name);
}

export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM, then SIGKILL what is still there after the grace time. */
async function end(pids: readonly number[]): Promise<void> {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (pids.some(alive)) await new Promise((resolve) => setTimeout(resolve, 20));
}

export async function tearDown(home: string): Promise<TeardownReport> {
  const state = await readState(home);
  if (state === undefined) {
    if (!existsSync(home)) return { processes: [], namespaces: [], removed: false };
    if ((await readdir(home)).length > 0) throw new NotATrainingFolder(home);
    await rmdir(home);
    return { processes: [], namespaces: [], removed: true };
  }
  const namespaces = state.namespaces;
  const recorded = state.processes.map((entry) => entry.pid).filter(alive);
  const inNamespaces = (await Promise.all(namespaces.map(namespacePids))).flat();
  const pids = [...new Set([...recorded, ...inNamespaces, ...(await processesOf(home))])].filter((pid) => pid !== process.pid);
  await end(pids);
  // Processes started meanwhile by the ones ended (a supervisor restarting its helper): once more.
  await end(await processesOf(home));
  const present = new Set(await existingNamespaces());
  for (const ns of namespaces) if (present.has(ns)) await run(['ip', 'netns', 'del', ns]);
  await rm(home, { recursive: true, force: true });
  return { processes: pids, namespaces, removed: true };
}
