import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuditEntryView } from '../../../shared/domain/audit.js';
import { TOUR_STEPS, type TourFacts } from '../../../electron/core/training/tour-steps.js';

// The signDocument step on the core's facts alone: a PDF signed, then that very file checked valid.

let seq = 0;
const entry = (kind: AuditEntryView['kind'], result: AuditEntryView['result'], details: AuditEntryView['details'] = {}): AuditEntryView => ({ seq: ++seq, kind, result, at: new Date().toISOString(), details });
const done = (entries: AuditEntryView[]): boolean => TOUR_STEPS.signDocument.done({ entries, unlockedAtStart: true, auditChecks: [] } satisfies TourFacts);
const signed = (target: string, result: AuditEntryView['result'] = 'ok') => entry('document.signed', result, { file: 'Tờ trình.pdf', target });
const checked = (file: string, result: AuditEntryView['result'] = 'ok') => entry('document.signatureVerified', result, { file, count: 1 });

describe('guided tour: signDocument', () => {
  it('reads the signing and checking entries only', () => {
    assert.deepEqual([...TOUR_STEPS.signDocument.kinds].sort(), ['document.signatureVerified', 'document.signed']);
  });

  it('a PDF signed and then the signed file checked valid completes it', () => {
    assert.equal(done([signed('Tờ trình (đã ký).pdf'), checked('Tờ trình (đã ký).pdf')]), true);
  });

  it('near misses do not: signed only, a .p7s, a failed signing, another file checked, a check that failed, a check before the signing', () => {
    assert.equal(done([signed('Tờ trình (đã ký).pdf')]), false, 'signed, never checked');
    assert.equal(done([signed('bảng lương.csv.p7s'), checked('bảng lương.csv.p7s')]), false, 'not a PDF');
    assert.equal(done([signed('Tờ trình (đã ký).pdf', 'failed'), checked('Tờ trình (đã ký).pdf')]), false, 'the signing failed');
    assert.equal(done([signed('Tờ trình (đã ký).pdf'), checked('công văn khác.pdf')]), false, 'another file checked');
    assert.equal(done([signed('Tờ trình (đã ký).pdf'), checked('Tờ trình (đã ký).pdf', 'refused')]), false, 'the check found it wrong');
    assert.equal(done([checked('Tờ trình (đã ký).pdf'), signed('Tờ trình (đã ký).pdf')]), false, 'checked before it was signed');
  });
});
