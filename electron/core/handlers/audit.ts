import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntryView, AuditQuery, AuditVerdict } from '../../../shared/domain/audit.js';
import { fingerprintOf } from '../signing/token-signer.js';
import { DomainError } from '../domain-error.js';
import { storeError } from '../store/database.js';
import type { WorkstationVault } from '../vault/workstation-vault.js';

/**
 * The Audit screen's three requests. The log is readable only while unlocked (its key comes
 * from the token); checkpoints count only when signed by this workstation's user certificate,
 * so someone holding the data key but not the token cannot vouch for a rewritten log.
 */
export function auditHandlers(vault: WorkstationVault | undefined) {
  const open = (): WorkstationVault => {
    if (vault === undefined) throw new DomainError('store.locked');
    return vault;
  };
  return {
    query: (filter: AuditQuery): AuditEntryView[] =>
      open()
        .auditLog.query(filter)
        .map((record) => ({ seq: record.seq, kind: record.kind, result: record.result, at: record.at, details: { ...record.details } })),

    verify: async (): Promise<AuditVerdict> => {
      const store = open();
      const verdict = await store.auditLog.verify({ trustedSigners: [fingerprintOf(store.signer.certificateDer)] });
      return verdict.ok ? { ok: true, entries: verdict.entries, sinceCheckpoint: verdict.sinceCheckpoint, ...(verdict.lastCheckpoint === undefined ? {} : { lastCheckpoint: verdict.lastCheckpoint }) } : { ok: false, firstBad: verdict.firstBad, problem: verdict.problem };
    },

    /** The inspector's copy: identifiers and verdicts only (no content), signed on the token. */
    export: async ({ from, to }: { from: string; to: string }) => {
      const store = open();
      const report = await store.auditLog.exportReport({ from, to }, store.signer);
      const file = path.join(store.exportDir, `airlock-audit-${from.slice(0, 10)}-${to.slice(0, 10)}-${Date.now()}.json`);
      try {
        mkdirSync(store.exportDir, { recursive: true, mode: 0o700 });
        writeFileSync(file, JSON.stringify(report, null, 2), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        throw storeError(error);
      }
      return { path: file, entries: report.entries.length };
    },
  };
}
