import { existsSync } from 'node:fs';
import path from 'node:path';
import { deposit, ensureInboxTable, inboxReady } from '../core/audit/audit-inbox.js';
import type { AuditKind, AuditResult, RecordedDetails } from '../core/audit/audit-entry.js';
import { SealedStore } from '../core/store/sealed-store.js';
import { assertStoreProfile } from '../core/store/store-profile.js';

export interface CliAudit {
  /** The workstation's data folder whose log receives the events; null: this machine has none. */
  readonly workstation: string | null;
  record(kind: AuditKind, result: AuditResult, details: RecordedDetails): void;
  close(): void;
}

/**
 * The command line's events in the workstation's own audit log: deposited in the log's inbox
 * (sealed to its public key, so no unlock is needed and the CLI can read nothing back), moved into
 * the chained log at the app's next unlock. A machine where the app was never unlocked has no log:
 * the report says `audited: false` rather than pretending. A log that exists but cannot take the
 * events stops the command before it touches a key (fail closed), and so does a training
 * workstation's log (store.profileMismatch): the command serves real workstations only.
 */
export function openCliAudit(dataDir: string): CliAudit {
  const file = path.join(dataDir, 'audit.db');
  if (!existsSync(file)) return { workstation: null, record: () => undefined, close: () => undefined };
  const store = SealedStore.open(file);
  try {
    assertStoreProfile(store, 'workstation');
    ensureInboxTable(store.database);
    if (!inboxReady(store)) throw new Error(`the audit log in ${dataDir} has no inbox key yet: unlock the app once`);
  } catch (error) {
    store.close();
    throw error;
  }
  return {
    workstation: dataDir,
    record: (kind, result, details) => {
      if (!deposit(store, { kind, result, details: { ...details, via: 'cli' }, occurredAt: new Date().toISOString() })) throw new Error('the audit inbox refused the event');
    },
    close: () => store.close(),
  };
}
