import type Database from 'better-sqlite3';
import type { FieldCipher } from '../crypto/field-cipher.js';
import { DomainError } from '../domain-error.js';
import { storeError, type Db } from '../store/database.js';
import { AuditKeys, GENESIS_HASH, type AuditRow } from './audit-chain.js';
import { signCheckpoint } from './audit-checkpoint.js';
import { AuditEventError, RESERVED_KINDS, stampEvent, type AuditEvent, type AuditInput, type AuditKind, type AuditRecord, type AuditResult } from './audit-entry.js';
import { reportDigest, signReport, type AuditReport, type ReportEntry } from './audit-report.js';
import { fingerprintOf, type TokenSigner } from '../signing/token-signer.js';
import type { VerifyFailure, VerifyResult } from './audit-verdict.js';
import { ChainVerifier, type VerifyOptions } from './audit-verifier.js';

export interface AuditLogOptions {
  /** A database with the audit tables (createAuditSchema / AUDIT_MIGRATIONS). */
  readonly db: Db;
  /** Seals each entry; the store's field cipher. */
  readonly cipher: FieldCipher;
  /** 32 bytes, HKDF from the data key ('airlock audit chain v1'); copied, see destroy(). */
  readonly chainKey: Uint8Array;
  /** 32 bytes, HKDF from the data key, not the chain key; copied. */
  readonly indexKey: Uint8Array;
  readonly now?: () => Date;
}

export interface AuditQuery {
  /** Inclusive. */
  readonly from?: Date | string;
  /** Exclusive. */
  readonly to?: Date | string;
  readonly kind?: AuditKind;
  readonly result?: AuditResult;
  /** Default 500, at most 10 000. */
  readonly limit?: number;
}

export interface CheckpointPolicy {
  readonly everyEntries: number;
  readonly everyMs: number;
}

const DEFAULT_LIMIT = 500;
const MAX_LIMIT = 10_000;

function instant(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new AuditEventError(`not a time: ${String(value)}`);
  return date.toISOString();
}

/**
 * The tamper-evident audit log: append-only (no update or delete method exists, and triggers
 * refuse them), each entry sealed and chained to the previous one by an HMAC, checkpoints
 * signed on the token, signed reports for inspectors. Format and limits: README.md here.
 */
export class AuditLog {
  readonly #db: Db;
  readonly #keys: AuditKeys;
  readonly #now: () => Date;
  readonly #verifier: ChainVerifier;
  readonly #sql: Record<'last' | 'first' | 'lastOfKind' | 'insert' | 'head' | 'certificate' | 'query' | 'range', Database.Statement>;

  constructor(options: AuditLogOptions) {
    this.#db = options.db;
    this.#keys = new AuditKeys(options.cipher, options.chainKey, options.indexKey);
    this.#now = options.now ?? (() => new Date());
    this.#verifier = new ChainVerifier(this.#db, this.#keys);
    const prepare = (sql: string) => this.#db.prepare(sql);
    this.#sql = {
      last: prepare('SELECT seq, at, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      first: prepare('SELECT at FROM audit_log ORDER BY seq LIMIT 1'),
      lastOfKind: prepare('SELECT seq, at FROM audit_log WHERE kind_index = ? ORDER BY seq DESC LIMIT 1'),
      insert: prepare('INSERT INTO audit_log (seq, at, kind_index, sealed, prev_hash, entry_hash) VALUES (@seq, @at, @kind_index, @sealed, @prev_hash, @entry_hash)'),
      head: prepare('INSERT INTO audit_head (id, seq, entry_hash, mac) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, entry_hash = excluded.entry_hash, mac = excluded.mac'),
      certificate: prepare('INSERT INTO audit_certificates (fingerprint, der) VALUES (?, ?) ON CONFLICT (fingerprint) DO NOTHING'),
      query: prepare(
        'SELECT seq, at, kind_index, sealed FROM audit_log WHERE (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to) AND (@kind IS NULL OR kind_index = @kind) ORDER BY seq DESC',
      ),
      range: prepare('SELECT seq, at, kind_index, sealed, prev_hash, entry_hash FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq'),
    };
  }

  /** Records one event, stamped with the log's clock; it is on disk when this returns. */
  append(input: AuditInput): AuditRecord {
    if (RESERVED_KINDS.includes(input.kind)) throw new AuditEventError(`${input.kind} is written by the audit log itself`);
    return this.#write(stampEvent(input, this.#now()));
  }

  /**
   * Signs the current head on the token and appends an 'audit.checkpoint' entry holding the
   * signature. Entries appended while the token signs land before the checkpoint; it attests
   * the head it signed, which the verifier checks is still in the chain.
   */
  async checkpoint(signer: TokenSigner): Promise<AuditRecord> {
    const head = this.#lastRow();
    const details = await signCheckpoint({ seq: head?.seq ?? 0, entryHash: head?.entry_hash ?? GENESIS_HASH }, signer);
    const event = stampEvent({ kind: 'audit.checkpoint', result: 'ok', details }, this.#now());
    return this.#write(event, () => this.#sql.certificate.run(fingerprintOf(signer.certificateDer), Buffer.from(signer.certificateDer)));
  }

  /** The caller's policy: a checkpoint is due after `everyEntries` entries or `everyMs` since the last one. */
  needsCheckpoint(policy: CheckpointPolicy): boolean {
    const last = this.#lastRow();
    if (last === undefined) return false;
    const checkpoint = this.#read(() => this.#sql.lastOfKind.get(this.#keys.kindIndex('audit.checkpoint')) as { seq: number; at: string } | undefined);
    const since = last.seq - (checkpoint?.seq ?? 0);
    if (since === 0) return false;
    if (since >= policy.everyEntries) return true;
    const start = checkpoint?.at ?? (this.#read(() => this.#sql.first.get()) as { at: string }).at;
    return this.#now().getTime() - Date.parse(start) >= policy.everyMs;
  }

  /**
   * Decrypted entries, newest (highest seq) first. `from`/`to` filter in SQL, `kind` through the
   * blind index, `result` after decryption. An entry that does not open is store.tampered: the
   * viewer never shows a forged or moved entry; verify() says which one.
   */
  query(filter: AuditQuery = {}): AuditRecord[] {
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    const parameters = {
      from: filter.from === undefined ? null : instant(filter.from),
      to: filter.to === undefined ? null : instant(filter.to),
      kind: filter.kind === undefined ? null : this.#keys.kindIndex(filter.kind),
    };
    const found: AuditRecord[] = [];
    this.#read(() => {
      for (const row of this.#sql.query.iterate(parameters) as IterableIterator<AuditRow>) {
        const event = this.#keys.openRow(row);
        if (event === undefined) throw new DomainError('store.tampered');
        if (filter.result !== undefined && event.result !== filter.result) continue;
        found.push({ seq: row.seq, ...event });
        if (found.length === limit) break;
      }
    });
    return found;
  }

  /** Walks the whole chain; see ChainVerifier. */
  verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    return this.#verifier.verify(options);
  }

  /** Checks that an earlier report (verified with verifyReport) still matches this chain. */
  compareWithReport(report: AuditReport): { ok: true } | VerifyFailure {
    return this.#read(() => this.#verifier.compareWithReport(report));
  }

  /**
   * A signed report of the entries with from ≤ at < to, with what verify() said about the whole
   * chain. Entries that do not open are listed as unreadable, not left out. The export itself is
   * then recorded ('audit.exported', with the report's digest).
   */
  async exportReport(range: { from: Date | string; to: Date | string }, signer: TokenSigner, options: VerifyOptions = {}): Promise<AuditReport> {
    const verification = await this.verify(options);
    const from = instant(range.from);
    const to = instant(range.to);
    const { entries, chainHead } = this.#read(() => {
      const rows = this.#sql.range.all(from, to) as AuditRow[];
      const last = this.#lastRow();
      return { entries: rows.map((row) => this.#reportEntry(row)), chainHead: { seq: last?.seq ?? 0, entryHash: (last?.entry_hash ?? GENESIS_HASH).toString('hex') } };
    });
    const report = await signReport({ range: { from, to }, generatedAt: this.#now().toISOString(), entries, chainHead, verification }, signer);
    this.#write(stampEvent({ kind: 'audit.exported', result: 'ok', details: { from, to, entries: entries.length, digest: reportDigest(report) } }, this.#now()));
    return report;
  }

  /** Overwrites this log's copies of the keys (call on lock); every later call is store.locked. */
  destroy(): void {
    this.#keys.destroy();
  }

  #reportEntry(row: AuditRow): ReportEntry {
    const linked = { seq: row.seq, at: row.at, prevHash: row.prev_hash.toString('hex'), entryHash: row.entry_hash.toString('hex') };
    const event = this.#keys.openRow(row);
    return event === undefined ? { ...linked, unreadable: true } : { ...linked, kind: event.kind, result: event.result, details: { ...event.details } };
  }

  /** One transaction: read the last entry, seal, chain, insert, move the head. */
  #write(event: AuditEvent, alongside?: () => void): AuditRecord {
    const write = this.#db.transaction(() => {
      alongside?.();
      const last = this.#sql.last.get() as Pick<AuditRow, 'seq' | 'entry_hash'> | undefined;
      const seq = (last?.seq ?? 0) + 1;
      const row = { seq, at: event.at, kind_index: this.#keys.kindIndex(event.kind), sealed: this.#keys.seal(event, seq), prev_hash: last?.entry_hash ?? GENESIS_HASH };
      const entryHash = this.#keys.entryHash(row);
      this.#sql.insert.run({ ...row, entry_hash: entryHash });
      this.#sql.head.run(seq, entryHash, this.#keys.headMac(seq, entryHash));
      return { seq, ...event };
    });
    try {
      return write.immediate();
    } catch (error) {
      throw storeError(error);
    }
  }

  #lastRow(): Pick<AuditRow, 'seq' | 'at' | 'entry_hash'> | undefined {
    return this.#read(() => this.#sql.last.get() as Pick<AuditRow, 'seq' | 'at' | 'entry_hash'> | undefined);
  }

  #read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeError(error);
    }
  }
}
