import type { AuditEntryView, AuditKind } from '../../../shared/domain/audit.js';
import { OFFICE_LAN_ZONE, type TourStepId } from '../../../shared/domain/tour.js';
import type { AuditCheck } from '../audit/audit-service.js';

/** What the core knows about what the trainee did since the tour started; every step is judged from this alone. */
export interface TourFacts {
  /** Audit entries of the kinds the steps read, that happened since the tour started, oldest first. */
  readonly entries: readonly AuditEntryView[];
  /** The session was already unlocked with a token when the tour started (the first step is behind the trainee). */
  readonly unlockedAtStart: boolean;
  /** Integrity checks of the audit log run since the tour started (not recorded in the log itself). */
  readonly auditChecks: readonly AuditCheck[];
}

/** A step's check: the audit kinds it reads (the tour asks the log for those only) and its verdict. */
export interface TourStepCheck {
  readonly kinds: readonly AuditKind[];
  readonly done: (facts: TourFacts) => boolean;
}

const succeeded = (facts: TourFacts, kind: AuditKind, also: (entry: AuditEntryView) => boolean = () => true): boolean =>
  facts.entries.some((entry) => entry.kind === kind && entry.result === 'ok' && also(entry));

/** Switched to the office LAN, then from it back to where the trainee came from (any other zone when none was active). */
function wentToOfficeLanAndBack(facts: TourFacts): boolean {
  const switches = facts.entries.filter((entry) => entry.kind === 'zone.switched' && entry.result === 'ok');
  return switches.some((there, index) => {
    if (there.details['target'] !== OFFICE_LAN_ZONE) return false;
    const origin = there.details['from'];
    return switches.slice(index + 1).some((back) => back.details['from'] === OFFICE_LAN_ZONE && back.details['target'] !== OFFICE_LAN_ZONE && (origin === 'none' || back.details['target'] === origin));
  });
}

const okEntry = (entry: AuditEntryView, kind: AuditKind): boolean => entry.kind === kind && entry.result === 'ok';

/**
 * A trusted message opened whose signed receipt went with that opening (the kit's practice message
 * asks for one: the trainee sees "Đã gửi xác nhận đã đọc"), then, after it, a reply to that very
 * message composed (its `inReplyTo`) and sent. A bare `message.sent` is not the reply: the receipt
 * itself goes out through the outbox as a `message.sent` right after the opening.
 */
function answeredMessage(facts: TourFacts): boolean {
  const { entries } = facts;
  return entries.some((read, at) => {
    if (!okEntry(read, 'message.read')) return false;
    const id = read.details['messageId'];
    // The core records the receipt just before the opening it belongs to: the entry right before.
    const receipt = entries[at - 1];
    if (receipt === undefined || !okEntry(receipt, 'message.receiptSent') || receipt.details['messageId'] !== id) return false;
    return entries.slice(at + 1).some((reply, replyAt) => {
      if (!okEntry(reply, 'message.composed') || reply.details['inReplyTo'] !== id) return false;
      return entries.slice(at + 2 + replyAt).some((sent) => okEntry(sent, 'message.sent') && sent.details['messageId'] === reply.details['messageId']);
    });
  });
}

/**
 * signDocument: a PDF signed on the token (PAdES: the new file's name ends in .pdf), then that very
 * file checked and every signature on it found to hold (the screen checks it right after signing).
 */
function signedAPdfAndCheckedIt(facts: TourFacts): boolean {
  return facts.entries.some(
    (signed, index) =>
      signed.kind === 'document.signed' &&
      signed.result === 'ok' &&
      /\.pdf$/i.test(String(signed.details['target'] ?? '')) &&
      facts.entries.slice(index + 1).some((checked) => checked.kind === 'document.signatureVerified' && checked.result === 'ok' && checked.details['file'] === signed.details['target']),
  );
}

/**
 * makeBackup: a backup run that made every snapshot it set out to (backup-service.ts `run`): a
 * `backup.started` naming its run and `count`, then that many `backup.created` of the same run after
 * it, and no `backup.failed` of that run. A run cancelled or failed part way has made fewer (the
 * stores' snapshot alone is not the trainee's backup), so it never counts; nor does one still going.
 */
function madeABackup(facts: TourFacts): boolean {
  return facts.entries.some((started, index) => {
    if (!okEntry(started, 'backup.started')) return false;
    const run = started.details['run'];
    const count = Number(started.details['count'] ?? 0);
    if (run === undefined || !(count > 0)) return false;
    const later = facts.entries.slice(index + 1).filter((entry) => entry.details['run'] === run);
    return !later.some((entry) => entry.kind === 'backup.failed') && later.filter((entry) => okEntry(entry, 'backup.created')).length === count;
  });
}

/**
 * The registry of the guided tour's checks: one per step id (shared/domain/tour.ts; the compiler
 * insists). Messaging and backups add theirs here, reading their own audit kinds (message.sent,
 * backup.verified…). A check reads only the core's facts: nothing the renderer says counts.
 */
export const TOUR_STEPS: { readonly [id in TourStepId]: TourStepCheck } = {
  unlock: { kinds: ['session.unlock'], done: (facts) => facts.unlockedAtStart || succeeded(facts, 'session.unlock') },
  openDocument: { kinds: ['document.opened'], done: (facts) => succeeded(facts, 'document.opened') },
  // For someone else: a document encrypted only to the sender's own certificates teaches nothing about recipients.
  encryptForColleague: { kinds: ['document.encrypted'], done: (facts) => succeeded(facts, 'document.encrypted', (entry) => Number(entry.details['colleagues'] ?? 0) > 0) },
  signDocument: { kinds: ['document.signed', 'document.signatureVerified'], done: signedAPdfAndCheckedIt },
  switchZone: { kinds: ['zone.switched'], done: wentToOfficeLanAndBack },
  answerMessage: { kinds: ['message.receiptSent', 'message.read', 'message.composed', 'message.sent'], done: answeredMessage },
  makeBackup: { kinds: ['backup.started', 'backup.created', 'backup.failed'], done: madeABackup },
  verifyAudit: { kinds: [], done: (facts) => facts.auditChecks.some((check) => check.ok) },
};
