import type { z } from 'zod';
import type { AuditEntryView, AuditExportResult, AuditVerdict } from '../../../../shared/domain/audit.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { auditQueryOf, type AuditFilter, type AuditRange } from './audit-filter.js';
import type { Slice } from '../slice.js';

// The Audit screen: the last query, the integrity check, the signed report.

/** How a request of the Audit screen ended. A failure stays in its own section, not in lastError. */
export type Outcome<T> = { readonly status: 'done'; readonly value: T } | { readonly status: 'failed'; readonly error: IpcError };

/** A written report: where the core put it, how many entries, and which days it covers (said with the path). */
export type AuditExport = z.output<typeof AuditExportResult> & { readonly range: AuditRange };

/**
 * What the Audit screen last asked and was told. Null: not asked since the last unlock. A lock
 * empties it all, so no audit data stays in the renderer while the workstation is locked.
 */
export interface AuditView {
  /** The filter of the last query: the table, its caption and the export follow it, not unsent edits in the form. */
  readonly filter: AuditFilter | null;
  readonly entries: { readonly status: 'loading' } | Outcome<readonly AuditEntryView[]> | null;
  /** Cleared when a new check starts: an old verdict is never shown as if it were current. */
  readonly verdict: Outcome<AuditVerdict> | null;
  readonly exported: Outcome<AuditExport> | null;
}

export interface AuditSliceState {
  readonly audit: AuditView;
}

export interface AuditActions {
  /** Asks for the entries `filter` selects; the last query wins. A filter whose days make no range asks nothing (the form says why). */
  readonly queryAudit: (filter: AuditFilter) => Promise<void>;
  /** Walks the whole log and its signed checkpoints; a second click while it runs does nothing. */
  readonly verifyAudit: () => Promise<void>;
  /** Has the core write a report of `range` signed on the token; never twice at once (each is logged and signed). */
  readonly exportAudit: (range: AuditRange) => Promise<void>;
}

export type AuditBusy = 'auditVerify' | 'auditExport';

export const auditSlice: Slice<AuditSliceState, AuditActions, AuditBusy> = {
  initial: { audit: { filter: null, entries: null, verdict: null, exported: null } },
  atLock: { audit: 'reset' },
  busy: ['auditVerify', 'auditExport'],
  create: ({ api, set, settle, exclusive, locks }) => {
    // Only the newest query may land, and a lock takes its ticket away.
    let ticket: symbol | null = null;
    const setAudit = (part: Partial<AuditView>) => set((state) => ({ audit: { ...state.audit, ...part } }));
    /** Sets what `call` answered, unless a lock came in between (then the answer belongs to nobody). */
    const auditCall = async <T>(call: () => Promise<Reply<T>>, apply: (outcome: Outcome<T>) => Partial<AuditView>): Promise<void> => {
      const before = locks();
      const reply = await settle(call);
      if (before !== locks()) return;
      setAudit(apply(reply.ok ? { status: 'done', value: reply.value } : { status: 'failed', error: reply.error }));
    };
    return {
      actions: {
        queryAudit: async (filter) => {
          const query = auditQueryOf(filter);
          if (query === null) return;
          const mine = Symbol('audit.query');
          ticket = mine;
          // The rows of another filter would be misread as this one's, so they go at once. A report
          // already written stays up: it names its own days, and its path is still needed.
          setAudit({ filter, entries: { status: 'loading' } });
          const reply = await settle(() => api.audit.query(query));
          if (ticket !== mine) return;
          ticket = null;
          setAudit({ entries: reply.ok ? { status: 'done', value: reply.value } : { status: 'failed', error: reply.error } });
        },
        verifyAudit: () =>
          exclusive('auditVerify', async () => {
            setAudit({ verdict: null });
            await auditCall(() => api.audit.verify({}), (verdict) => ({ verdict }));
          }),
        exportAudit: (range) =>
          exclusive('auditExport', async () => {
            setAudit({ exported: null });
            // Only the two fields the contract names: its strict schema refuses anything more.
            await auditCall(
              () => api.audit.export({ from: range.from, to: range.to }),
              (outcome) => ({ exported: outcome.status === 'done' ? { status: 'done', value: { ...outcome.value, range } } : outcome }),
            );
          }),
      },
      onLock: () => {
        ticket = null;
      },
    };
  },
};
