// Processes as /proc shows them, to prove that no child of a killed helper lives on.
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';

export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  /** Clock ticks since boot: with the pid, names one process even after the pid is reused. */
  readonly startTime: string;
  readonly command: string;
  /** R, S, D…; Z: dead, waiting for its (new) parent to collect it. */
  readonly state: string;
}

function entry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may hold spaces and parentheses: the fields after it start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return { pid, ppid: Number(fields[1]), startTime: fields[19] ?? '', command, state: fields[0] ?? '' };
  } catch {
    return undefined; // gone meanwhile
  }
}

export function processes(): ProcessEntry[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => entry(Number(name)) ?? []);
}

/** Every process below `root` (children, their children…), `root` excluded. */
export function descendants(root: number, all = processes()): ProcessEntry[] {
  const found: ProcessEntry[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const children = all.filter((item) => frontier.includes(item.ppid));
    found.push(...children);
    frontier = children.map((item) => item.pid);
  }
  return found;
}

/** Those of `entries` still running (same pid and start time, not a zombie). */
export function alive(entries: readonly ProcessEntry[]): ProcessEntry[] {
  return entries.filter((item) => {
    const now = entry(item.pid);
    return now?.startTime === item.startTime && now.state !== 'Z' && now.state !== 'X';
  });
}

/** Processes inside the named network namespace that are not below `owner` (orphans: reparented away). */
export function strays(netns: string, owner: number): ProcessEntry[] {
  const inode = statSync(`/run/netns/${netns}`).ino;
  const all = processes();
  const ours = new Set(descendants(owner, all).map((item) => item.pid));
  return all.filter((item) => {
    if (ours.has(item.pid) || item.state === 'Z') return false;
    try {
      return readlinkSync(`/proc/${item.pid}/ns/net`) === `net:[${inode}]`;
    } catch {
      return false;
    }
  });
}
