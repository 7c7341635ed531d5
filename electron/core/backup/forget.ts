import { DomainError } from '../domain-error.js';
import { BackupFormatError, type BackupProblem } from './backup-format-error.js';
import { PhaseProgress, type ProgressOptions } from './backup-progress.js';
import type { BackupAudit, Repository } from './repository.js';
import { applyRetention, policyKeepsNothing, type RetentionPolicy, type RetentionRule } from './retention.js';
import { readSnapshotFile, snapshotName, type SnapshotBody } from './snapshot-file.js';

export interface ForgetOptions {
  /** Say what would go, remove nothing (under a shared lock). */
  readonly dryRun?: boolean;
  /** The wall clock that decides days, weeks… (default: the system's). */
  readonly timeZone?: string;
  /** What "now" is for `withinDays` (default: the clock). */
  readonly now?: number;
  readonly audit?: BackupAudit;
}

export interface ForgottenSnapshot {
  readonly id: string;
  readonly time: string;
  readonly hostname: string;
  readonly paths: readonly string[];
}

export interface ForgetReport {
  readonly kept: readonly (ForgottenSnapshot & { readonly reasons: readonly RetentionRule[] })[];
  readonly removed: readonly ForgottenSnapshot[];
  /** Snapshots that did not open (check names the damage): never removed, never counted by a rule. */
  readonly unreadable: readonly { readonly id: string; readonly problem: BackupProblem }[];
  readonly dryRun: boolean;
}

/**
 * Forget (docs/backup-repository.md, "Forget"): removes the snapshot files the policy does not keep,
 * under the exclusive lock; their data stays until prune. A policy that keeps nothing is refused
 * (`backup.retentionPolicyEmpty`). Progress: phase `read` (snapshots opened), then `remove`.
 */
export async function forgetSnapshots(repository: Repository, policy: RetentionPolicy, options: ForgetOptions = {}, hooks: ProgressOptions = {}): Promise<ForgetReport> {
  if (policyKeepsNothing(policy)) throw new DomainError('backup.retentionPolicyEmpty');
  const dryRun = options.dryRun ?? false;
  const release = await repository.lock(!dryRun);
  try {
    const listed = await repository.target.list('snapshots/');
    const reading = new PhaseProgress(hooks, 'read', listed.length);
    const readable: (ForgottenSnapshot & { body: SnapshotBody })[] = [];
    const unreadable: { id: string; problem: BackupProblem }[] = [];
    for (const { name } of listed) {
      const id = name.slice('snapshots/'.length);
      try {
        const body = readSnapshotFile(await repository.target.get(name), id, repository.keysOf);
        readable.push({ id, time: body.time, hostname: body.hostname, paths: body.paths, body });
      } catch (error) {
        if (!(error instanceof BackupFormatError)) throw error;
        unreadable.push({ id, problem: error.problem });
      }
      reading.step();
    }
    const decision = applyRetention(readable, policy, options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, options.now);
    const summary = ({ id, time, hostname, paths }: ForgottenSnapshot): ForgottenSnapshot => ({ id, time, hostname, paths });
    const removed = decision.remove.map(summary);
    if (!dryRun) {
      const removing = new PhaseProgress(hooks, 'remove', removed.length);
      for (const snapshot of removed) {
        await repository.target.remove(snapshotName(snapshot.id));
        removing.step();
      }
      if (removed.length > 0) await options.audit?.({ kind: 'backup.forgotten', result: 'ok', details: { count: removed.length } });
    }
    return { kept: decision.keep.map(({ snapshot, reasons }) => ({ ...summary(snapshot), reasons })), removed, unreadable, dryRun };
  } finally {
    await release();
  }
}
