import type Database from 'better-sqlite3';
import { storeError, type Db } from '../store/database.js';
import { checkpointValid } from './audit-checkpoint.js';
import { GENESIS_HASH, sameBytes, type AuditKeys, type AuditRow } from './audit-chain.js';
import type { AuditReport } from './audit-report.js';
import type { AuditProblem, VerifyFailure, VerifyResult } from './audit-verdict.js';

const PAGE = 500;
/** How far past the last seq a renumbered row's original seq is searched for (rows deleted before it). */
const RENUMBER_MARGIN = 1024;

export interface VerifyOptions {
  /**
   * SHA-256 fingerprints of the certificates whose checkpoints count (the official's, from the
   * keyring). Without it any certificate in audit_certificates is accepted, so someone holding the
   * data key could add checkpoints signed with their own key.
   */
  readonly trustedSigners?: readonly string[];
}

const fail = (firstBad: number, problem: AuditProblem): VerifyFailure => ({ ok: false, firstBad, problem });
const isRow = (row: AuditRow) =>
  Number.isSafeInteger(row.seq) && typeof row.at === 'string' && [row.kind_index, row.sealed, row.prev_hash, row.entry_hash].every((value) => Buffer.isBuffer(value));

/**
 * Walks the chain in seq order and names the first bad entry. Reads in pages and yields between
 * them, so a long log does not freeze the main process; appends made meanwhile are walked too.
 */
export class ChainVerifier {
  readonly #keys: AuditKeys;
  readonly #page: Database.Statement;
  readonly #head: Database.Statement;
  readonly #hashAt: Database.Statement;
  readonly #certificate: Database.Statement;
  readonly #successor: Database.Statement;
  readonly #maxSeq: Database.Statement;

  constructor(db: Db, keys: AuditKeys) {
    this.#keys = keys;
    this.#page = db.prepare('SELECT seq, at, kind_index, sealed, prev_hash, entry_hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?');
    this.#head = db.prepare('SELECT seq, entry_hash, mac FROM audit_head WHERE id = 1');
    this.#hashAt = db.prepare('SELECT entry_hash FROM audit_log WHERE seq = ?');
    this.#certificate = db.prepare('SELECT der FROM audit_certificates WHERE fingerprint = ?');
    this.#successor = db.prepare('SELECT seq FROM audit_log WHERE prev_hash = ? AND seq != ? LIMIT 1');
    this.#maxSeq = db.prepare('SELECT coalesce(max(seq), 0) AS max FROM audit_log');
  }

  async verify(options: VerifyOptions = {}): Promise<VerifyResult> {
    const trusted = options.trustedSigners === undefined ? undefined : new Set(options.trustedSigners.map((fingerprint) => fingerprint.toLowerCase()));
    let expected = 1;
    let previous: Buffer = GENESIS_HASH;
    let lastCheckpoint: number | undefined;
    let after = Number.MIN_SAFE_INTEGER; // rows forged below seq 1 are walked too
    for (;;) {
      let rows: AuditRow[];
      try {
        rows = this.#page.all(after, PAGE) as AuditRow[];
      } catch (error) {
        throw storeError(error);
      }
      for (const row of rows) {
        const failure = this.#check(row, expected, previous, trusted);
        if (failure === 'checkpoint') lastCheckpoint = row.seq;
        else if (failure !== undefined) return failure;
        previous = row.entry_hash;
        expected = row.seq + 1;
      }
      // The head is read in the same synchronous step as the last page: no append can slip between.
      if (rows.length < PAGE) return this.#checkHead(expected - 1, previous, lastCheckpoint);
      after = expected - 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Compares the live chain with an earlier verified report: every entry and the head it lists
   * must still be here, unchanged. The one check that catches a rollback of the whole file.
   */
  compareWithReport(report: AuditReport): { ok: true } | VerifyFailure {
    const listed = [...report.entries, report.chainHead].filter((entry) => entry.seq > 0);
    for (const entry of listed) {
      const stored = this.#storedHash(entry.seq);
      if (stored === undefined) return fail(entry.seq, 'deleted');
      if (stored.toString('hex') !== entry.entryHash) return fail(entry.seq, 'modified');
    }
    return { ok: true };
  }

  #check(row: AuditRow, expected: number, previous: Buffer, trusted: ReadonlySet<string> | undefined): VerifyFailure | 'checkpoint' | undefined {
    if (!isRow(row)) return fail(Math.min(row.seq, expected), 'modified');
    if (row.seq < 1) return fail(row.seq, 'inserted'); // the log starts at 1; nothing is written before it
    const intact = row.seq === expected && sameBytes(row.prev_hash, previous) && sameBytes(this.#keys.entryHash(row), row.entry_hash);
    if (!intact) return this.#classify(row, expected, previous);
    // The MAC holds, so these bytes are what the key holder wrote; failing to open is a key or
    // format problem rather than an edit.
    const event = this.#keys.openRow(row);
    if (event === undefined) return fail(row.seq, 'unreadable');
    if (event.kind !== 'audit.checkpoint') return undefined;
    const lookups = {
      hashAt: (seq: number) => (seq === 0 ? GENESIS_HASH : this.#storedHash(seq)),
      certificate: (fingerprint: string) => (trusted === undefined || trusted.has(fingerprint) ? this.#storedCertificate(fingerprint) : undefined),
    };
    return checkpointValid(row.seq, event.details, lookups) ? 'checkpoint' : fail(row.seq, 'badCheckpointSignature');
  }

  /**
   * Why the row at `expected` (or the first after it) is wrong. The evidence: whether the row
   * is authentic where it sits, whether it is authentic at ANOTHER seq (a moved row), and whether
   * the true successor of the last good entry (the row whose prev_hash is its hash) is elsewhere.
   */
  #classify(row: AuditRow, expected: number, previous: Buffer): VerifyFailure {
    const firstBad = Math.min(row.seq, expected);
    if (sameBytes(this.#keys.entryHash(row), row.entry_hash)) {
      // Untouched row after a gap: the rows before it were deleted. Untouched but linked to
      // something else: a row from another copy of the log was put in.
      return row.seq > expected ? fail(expected, 'deleted') : fail(firstBad, 'inserted');
    }
    const successorElsewhere = this.#successor.get(previous, row.seq) !== undefined;
    const original = this.#originalSeq(row);
    if (original !== undefined) {
      // A genuine row moved here. If the row that belongs here still exists, rows were swapped
      // or copied; if it is gone, rows were deleted and the rest renumbered to close the gap.
      return successorElsewhere || original < expected ? fail(firstBad, 'reordered') : fail(expected, 'deleted');
    }
    if (successorElsewhere) return fail(firstBad, 'inserted'); // a forged row pushed the real one along
    return row.seq > expected ? fail(expected, 'deleted') : fail(firstBad, 'modified');
  }

  /** The seq at which this row's MAC holds, if any: run once, at the first bad row only. */
  #originalSeq(row: AuditRow): number | undefined {
    const { max } = this.#maxSeq.get() as { max: number };
    for (let seq = 1; seq <= max + RENUMBER_MARGIN; seq++) {
      if (seq !== row.seq && sameBytes(this.#keys.entryHash(row, seq), row.entry_hash)) return seq;
    }
    return undefined;
  }

  /**
   * The MAC'd head record must name the last entry. Without the key it cannot be moved back, so
   * cutting entries off the end shows, unless the whole file (head included) is replaced by an
   * older copy: only an exported report or an outside record of a checkpoint catches that.
   */
  #checkHead(lastSeq: number, lastHash: Buffer, lastCheckpoint: number | undefined): VerifyResult {
    const head = this.#head.get() as { seq: number; entry_hash: unknown; mac: unknown } | undefined;
    const missingAfter = fail(lastSeq + 1, 'deleted');
    if (head === undefined) {
      if (lastSeq > 0) return missingAfter;
    } else {
      if (!Number.isSafeInteger(head.seq) || head.seq < 0 || !Buffer.isBuffer(head.entry_hash) || !Buffer.isBuffer(head.mac)) return missingAfter;
      if (!sameBytes(this.#keys.headMac(head.seq, head.entry_hash), head.mac)) return missingAfter;
      if (head.seq > lastSeq) return missingAfter;
      if (head.seq < lastSeq) return fail(head.seq + 1, 'inserted');
      if (!sameBytes(head.entry_hash, lastHash)) return fail(lastSeq, 'modified');
    }
    return {
      ok: true,
      entries: lastSeq,
      head: { seq: lastSeq, entryHash: lastHash.toString('hex') },
      ...(lastCheckpoint === undefined ? {} : { lastCheckpoint }),
      sinceCheckpoint: lastSeq - (lastCheckpoint ?? 0),
    };
  }

  #storedHash(seq: number): Buffer | undefined {
    const row = this.#hashAt.get(seq) as { entry_hash: unknown } | undefined;
    return Buffer.isBuffer(row?.entry_hash) ? row.entry_hash : undefined;
  }

  #storedCertificate(fingerprint: string): Buffer | undefined {
    const row = this.#certificate.get(fingerprint) as { der: unknown } | undefined;
    return Buffer.isBuffer(row?.der) ? row.der : undefined;
  }
}
