import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntryView } from '../../../shared/domain/audit.js';
import { OFFICE_LAN_ZONE, TOUR_STEP_IDS, type TourStepId } from '../../../shared/domain/tour.js';
import { TOUR_STEPS, type TourFacts } from '../../../electron/core/training/tour-steps.js';
import { GuidedTour } from '../../../electron/core/training/guided-tour.js';
import type { AuditCheck } from '../../../electron/core/audit/audit-service.js';
import { EventBus } from '../../../electron/core/event-bus.js';

// Each step's check on the core's facts alone: the entry the step asks for completes it; a
// near miss (another kind, a refusal, another zone, a document for oneself, a failed check) does not.

let seq = 0;
const entry = (kind: AuditEntryView['kind'], result: AuditEntryView['result'], details: AuditEntryView['details'] = {}): AuditEntryView => ({ seq: ++seq, kind, result, at: new Date().toISOString(), details });
const facts = (partial: Partial<TourFacts> = {}): TourFacts => ({ entries: [], unlockedAtStart: false, auditChecks: [], ...partial });
const done = (id: TourStepId, given: TourFacts) => TOUR_STEPS[id].done(given);
const switched = (from: string, target: string, result: AuditEntryView['result'] = 'ok') => entry('zone.switched', result, { from, target });

describe('guided tour: each step is judged from the core’s facts, and only by the fact it asks for', () => {
  it('nothing done: no step is done; every step id has a check', () => {
    assert.deepEqual(Object.keys(TOUR_STEPS).sort(), [...TOUR_STEP_IDS].sort());
    for (const id of TOUR_STEP_IDS) assert.equal(done(id, facts()), false, id);
  });

  it('unlock: a successful unlock since the start (or unlocked when the tour began); a wrong PIN or a refused unlock does not count', () => {
    assert.equal(done('unlock', facts({ entries: [entry('session.unlock', 'failed', { code: 'token.pinIncorrect' }), entry('token.pinWrong', 'failed'), entry('session.unlock', 'refused'), entry('session.lock', 'ok')] })), false);
    assert.equal(done('unlock', facts({ entries: [entry('session.unlock', 'ok', { serial: '1' })] })), true);
    assert.equal(done('unlock', facts({ unlockedAtStart: true })), true);
  });

  it('openDocument: a document opened with every check passed; a refused open or an export does not count', () => {
    const near = [entry('document.opened', 'refused', { code: 'document.signatureInvalid' }), entry('document.exported', 'ok'), entry('document.encrypted', 'ok', { colleagues: 1 })];
    assert.equal(done('openDocument', facts({ entries: near })), false);
    assert.equal(done('openDocument', facts({ entries: [...near, entry('document.opened', 'ok', { level: 'mat' })] })), true);
  });

  it('encryptForColleague: encrypted with at least one colleague; for oneself only, failed, or recorded before the detail existed, it does not count', () => {
    const near = [entry('document.encrypted', 'ok', { recipients: 3, colleagues: 0 }), entry('document.encrypted', 'ok', { recipients: 3 }), entry('document.encrypted', 'refused', { colleagues: 1, code: 'document.cancelled' }), entry('document.opened', 'ok')];
    assert.equal(done('encryptForColleague', facts({ entries: near })), false);
    assert.equal(done('encryptForColleague', facts({ entries: [...near, entry('document.encrypted', 'ok', { recipients: 3, colleagues: 1 })] })), true);
  });

  it('switchZone: to the office LAN, then from it back where the trainee came from; other zones, one way only or a failed switch do not count', () => {
    assert.equal(OFFICE_LAN_ZONE, 'van-phong');
    const there = switched('internet', OFFICE_LAN_ZONE);
    assert.equal(done('switchZone', facts({ entries: [there] })), false, 'one way only');
    assert.equal(done('switchZone', facts({ entries: [switched('internet', 'co-yeu'), switched('co-yeu', 'internet')] })), false, 'another zone and back');
    assert.equal(done('switchZone', facts({ entries: [there, switched(OFFICE_LAN_ZONE, 'co-yeu')] })), false, 'on to a third zone, not back');
    assert.equal(done('switchZone', facts({ entries: [there, switched(OFFICE_LAN_ZONE, 'internet', 'failed')] })), false, 'the way back failed');
    assert.equal(done('switchZone', facts({ entries: [switched(OFFICE_LAN_ZONE, 'internet'), switched('internet', OFFICE_LAN_ZONE)] })), false, 'back before there');
    assert.equal(done('switchZone', facts({ entries: [there, switched(OFFICE_LAN_ZONE, 'internet')] })), true);
    assert.equal(done('switchZone', facts({ entries: [switched('none', OFFICE_LAN_ZONE), switched(OFFICE_LAN_ZONE, 'internet')] })), true, 'from no zone: back to any other');
  });

  it('makeBackup: a run started, then every snapshot it announced made with the same run id; a run failed or cancelled part way, still going, or another run’s snapshots do not count', () => {
    const started = (run: string, count: number) => entry('backup.started', 'ok', { target: 'usb', run, count, level: 'mat' });
    const created = (run: string, file: string) => entry('backup.created', 'ok', { target: 'usb', run, file, count: 3, hash: 'a'.repeat(64), level: 'mat' });
    const failed = (run: string, code: string) => entry('backup.failed', code === 'backup.cancelled' ? 'refused' : 'failed', { target: 'usb', action: 'backup', run, code });
    const judged = (entries: AuditEntryView[]) => done('makeBackup', facts({ entries }));
    const [stores, folder] = [created('r1', 'airlock:stores'), created('r1', '/home/an/van-ban')];
    assert.equal(judged([started('r1', 2), stores, folder]), true);
    assert.equal(judged([started('r1', 2), stores]), false, 'still going: one snapshot of two');
    assert.equal(judged([started('r1', 2), stores, failed('r1', 'backup.cancelled')]), false, 'cancelled after the stores');
    assert.equal(judged([started('r1', 2), stores, failed('r1', 'backup.targetFull')]), false, 'failed after the stores');
    assert.equal(judged([stores, folder, started('r1', 2)]), false, 'snapshots before the start');
    assert.equal(judged([started('r1', 2), stores, created('r2', '/home/an/van-ban')]), false, 'another run’s snapshot');
    assert.equal(judged([entry('backup.started', 'ok', { target: 'usb', count: 1 }), created('r1', 'airlock:stores')]), false, 'a start without a run id');
    assert.equal(judged([started('r1', 2), stores, failed('r1', 'backup.cancelled'), started('r2', 1), created('r2', 'airlock:stores')]), true, 'a later run that finished');
    assert.equal(judged([failed('r0', 'backup.folderNotChosen'), started('r1', 1), created('r1', 'airlock:stores')]), true, 'an earlier failure of another run does not matter');
  });

  it('answerMessage: the message opened with its receipt, then a reply to that message composed and sent; out of order, for other messages, refused or failed, it does not count', () => {
    // As the core records them (message-reading.ts): the receipt just before the opening it belongs to, the receipt itself then sent through the outbox.
    const receipt = entry('message.receiptSent', 'ok', { messageId: 'm1@test', level: 'mat' });
    const read = entry('message.read', 'ok', { messageId: 'm1@test', level: 'mat' });
    const receiptOut = entry('message.sent', 'ok', { messageId: 'receipt-m1@test', recipients: 1 });
    const reply = entry('message.composed', 'ok', { messageId: 'r1@test', inReplyTo: 'm1@test', level: 'mat', recipients: 1 });
    const replyOut = entry('message.sent', 'ok', { messageId: 'r1@test', recipients: 1 });
    const judged = (entries: AuditEntryView[]) => done('answerMessage', facts({ entries }));

    assert.equal(judged([receipt, read, receiptOut, reply, replyOut]), true);
    assert.equal(judged([receipt, read, receiptOut]), false, 'the receipt going out is not the reply');
    assert.equal(judged([receipt, read, receiptOut, entry('message.composed', 'ok', { messageId: 'n1@test', level: 'mat', recipients: 1 }), entry('message.sent', 'ok', { messageId: 'n1@test', recipients: 1 })]), false, 'a new message, not a reply');
    // Out of order.
    assert.equal(judged([reply, replyOut, receipt, read]), false, 'replied before opening');
    assert.equal(judged([receipt, read, replyOut, reply]), false, 'sent before it was composed');
    assert.equal(judged([read, receipt, reply, replyOut]), false, 'a receipt recorded after the opening did not go with it');
    assert.equal(judged([receipt, entry('message.read', 'ok', { messageId: 'm0@test' }), read, reply, replyOut]), false, 'another opening between the receipt and this one');
    // Other messages.
    assert.equal(judged([entry('message.receiptSent', 'ok', { messageId: 'other@test' }), read, reply, replyOut]), false, 'the receipt was for another message');
    assert.equal(judged([receipt, read, entry('message.composed', 'ok', { messageId: 'r1@test', inReplyTo: 'other@test' }), replyOut]), false, 'the reply answers another message');
    assert.equal(judged([receipt, read, reply, entry('message.sent', 'ok', { messageId: 'r2@test' })]), false, 'another message was sent, not the reply');
    // Refused or failed.
    assert.equal(judged([receipt, entry('message.read', 'refused', { messageId: 'm1@test', code: 'message.badSignature' }), reply, replyOut]), false, 'the open was refused (quarantined)');
    assert.equal(judged([entry('message.receiptSent', 'refused', { messageId: 'm1@test', code: 'message.revoked' }), read, reply, replyOut]), false, 'no receipt went out');
    assert.equal(judged([receipt, read, entry('message.composed', 'refused', { messageId: 'r1@test', inReplyTo: 'm1@test' }), replyOut]), false, 'the reply was refused');
    assert.equal(judged([receipt, read, reply, entry('message.sent', 'failed', { messageId: 'r1@test', code: 'messaging.recipientUnknown' })]), false, 'the send failed');
  });

  it('verifyAudit: an integrity check that held; a check that found the log tampered does not count, nor any audit entry', () => {
    assert.equal(done('verifyAudit', facts({ auditChecks: [{ n: 1, at: new Date().toISOString(), ok: false }], entries: [entry('audit.exported', 'ok'), entry('audit.checkpoint', 'ok')] })), false);
    assert.equal(done('verifyAudit', facts({ auditChecks: [{ n: 2, at: new Date().toISOString(), ok: true }] })), true);
  });
});

describe('guided tour: what happened before the start never counts, even in the same millisecond', () => {
  it('an entry recorded just before the start, in the same millisecond, does not complete a step; one after it does', () => {
    // A stand-in for the sealed log's query (the real one: tests/integration/training-tour.test.ts) and a clock that never moves.
    const instant = new Date('2026-12-04T21:00:00.000Z');
    const log: AuditEntryView[] = [];
    const append = (kind: AuditEntryView['kind']) => log.push({ seq: log.length + 1, kind, result: 'ok', at: instant.toISOString(), details: {} });
    const tour = new GuidedTour({
      training: true,
      audit: {
        query: ({ kind, limit }) => log.filter((entry) => kind === undefined || entry.kind === kind).reverse().slice(0, limit),
        checkCount: () => 0,
        checksAfter: () => [],
        observe: () => () => undefined,
      },
      trail: { observe: () => () => undefined },
      session: { state: () => ({ locked: true }) },
      events: new EventBus(),
      now: () => instant,
    });
    append('document.opened');
    // Locked at the start, yet the log answers here: the stand-in has no lock.
    const started = tour.start();
    assert.ok(started.active);
    assert.deepEqual(started.steps.filter((step) => step.done).map((step) => step.id), []);
    append('document.opened');
    const after = tour.progress();
    assert.ok(after.active);
    assert.deepEqual(after.steps.filter((step) => step.done).map((step) => step.id), ['openDocument']);
  });

  it('an integrity check made just before the start, at the same instant, does not complete the last step; one after it does', () => {
    // A stand-in for the audit service's checks and an empty log (the real ones: tests/integration/training-tour.test.ts),
    // and a clock that never moves: the in-process core answers within one millisecond.
    const checks: AuditCheck[] = [];
    const instant = new Date('2026-12-04T21:00:00.000Z');
    const check = (ok: boolean) => checks.push({ n: checks.length + 1, at: instant.toISOString(), ok });
    const tour = new GuidedTour({
      training: true,
      audit: { query: () => [], checkCount: () => checks.length, checksAfter: (count) => checks.filter((made) => made.n > count), observe: () => () => undefined },
      trail: { observe: () => () => undefined },
      session: { state: () => ({ locked: false }) },
      events: new EventBus(),
      now: () => instant,
    });
    check(true);
    const started = tour.start();
    assert.ok(started.active);
    assert.deepEqual(started.steps.filter((step) => step.done).map((step) => step.id), ['unlock'], 'unlocked at the start; the earlier check does not count');
    check(true);
    const after = tour.progress();
    assert.ok(after.active);
    assert.deepEqual(after.steps.filter((step) => step.done).map((step) => step.id), ['unlock', 'verifyAudit']);
  });
});
