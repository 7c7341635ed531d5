import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntryView, AuditQuery, AuditVerdict } from '../../../shared/domain/audit.js';
import { DomainError } from '../domain-error.js';
import { fingerprintOf, type TokenSigner } from '../signing/token-signer.js';
import { storeError } from '../store/database.js';
import type { AuditLog } from './audit-log.js';

/** The open log as the vault offers it while unlocked (vault/workstation-vault.ts). */
export interface OpenAuditLog {
  readonly auditLog: AuditLog;
  readonly signer: TokenSigner;
  readonly exportDir: string;
}

/** One integrity check of the log in this run: when, and whether the chain and checkpoints held. */
export interface AuditCheck {
  /** Its number in this run, from 1. */
  readonly n: number;
  readonly at: string;
  readonly ok: boolean;
}

const MAX_CHECKS_KEPT = 100;

/**
 * The Audit screen's three requests. The log is readable only while unlocked (its key comes
 * from the token); checkpoints count only when signed by this workstation's user certificate,
 * so someone holding the data key but not the token cannot vouch for a rewritten log.
 */
export class AuditService {
  /** The integrity checks asked for in this run, newest last (what the guided tour's last step reads). */
  readonly #checks: AuditCheck[] = [];
  #made = 0;
  readonly #observers = new Set<() => void>();

  /** `store` is undefined without a vault (no token service or no data folder). */
  constructor(
    private readonly store: () => OpenAuditLog | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** How many checks this run has made: a mark to ask `checksAfter` with later. */
  checkCount(): number {
    return this.#made;
  }

  /** The checks made after the mark `count` (from checkCount), oldest first: a count, not a time, so one in the same millisecond is not taken for earlier. */
  checksAfter(count: number): readonly AuditCheck[] {
    return this.#checks.filter((check) => check.n > count);
  }

  /** Told after every check, whatever its verdict. */
  observe(observer: () => void): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  query(filter: AuditQuery): AuditEntryView[] {
    return this.#open()
      .auditLog.query(filter)
      .map((record) => ({ seq: record.seq, kind: record.kind, result: record.result, at: record.at, details: { ...record.details } }));
  }

  async verify(): Promise<AuditVerdict> {
    const store = this.#open();
    const verdict = await store.auditLog.verify({ trustedSigners: [fingerprintOf(store.signer.certificateDer)] });
    this.#checks.push({ n: ++this.#made, at: this.now().toISOString(), ok: verdict.ok });
    if (this.#checks.length > MAX_CHECKS_KEPT) this.#checks.shift();
    for (const observer of this.#observers) observer();
    return verdict.ok ? { ok: true, entries: verdict.entries, sinceCheckpoint: verdict.sinceCheckpoint, ...(verdict.lastCheckpoint === undefined ? {} : { lastCheckpoint: verdict.lastCheckpoint }) } : { ok: false, firstBad: verdict.firstBad, problem: verdict.problem };
  }

  /** The inspector's copy: identifiers and verdicts only (no content), signed on the token, written beside the store. */
  async export({ from, to }: { from: string; to: string }): Promise<{ path: string; entries: number }> {
    const store = this.#open();
    const report = await store.auditLog.exportReport({ from, to }, store.signer);
    const file = path.join(store.exportDir, `airlock-audit-${from.slice(0, 10)}-${to.slice(0, 10)}-${Date.now()}.json`);
    try {
      mkdirSync(store.exportDir, { recursive: true, mode: 0o700 });
      writeFileSync(file, JSON.stringify(report, null, 2), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      throw storeError(error);
    }
    return { path: file, entries: report.entries.length };
  }

  #open(): OpenAuditLog {
    const store = this.store();
    if (store === undefined) throw new DomainError('store.locked');
    return store;
  }
}
