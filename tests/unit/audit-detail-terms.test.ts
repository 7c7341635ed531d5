import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditTrail } from '../../electron/core/audit/audit-trail.js';
import { AUDIT_DETAIL_KEYS, AUDIT_DETAIL_VALUES, AUDIT_KINDS } from '../../shared/domain/audit-kinds.js';
import { LANGUAGES } from '../../shared/domain/languages.js';
import { auditDetails } from '../../renderer/src/features/audit/audit-view.js';
import { translatorFor } from '../../renderer/src/i18n/catalog.js';

// Issue #13, item 6: the Audit screen showed "from: none", "phase: starting", "step: leaveZone",
// hashes and signatures as they were written. Every key the core may record (the compiler keeps the
// core to AUDIT_DETAIL_KEYS, see the @ts-expect-error below) must read in words, in every language.

// The compiler refuses a detail key the shared list does not hold, so an untranslated key cannot be recorded.
const trail = new AuditTrail({ event: () => undefined });
// @ts-expect-error 'leaveZoneAt' is in no list: a new key must be added to AUDIT_DETAIL_KEYS (and so to both catalogs) first.
trail.record('zone.switchStep', 'ok', { leaveZoneAt: 1 });

for (const language of LANGUAGES) {
  const t = translatorFor(language);
  const shown = (kind: (typeof AUDIT_KINDS)[number], details: Record<string, string | number | boolean>) => auditDetails(t, language, { kind, details });

  describe(`audit details in words (${language})`, () => {
    it('names every detail key the core may record, under every kind, never by the key itself', () => {
      for (const kind of AUDIT_KINDS) {
        for (const key of AUDIT_DETAIL_KEYS) {
          const view = shown(kind, { [key]: 1 });
          const [detail] = [...view.plain, ...view.technical];
          assert.ok(detail !== undefined, `${kind}.${key}`);
          assert.notEqual(detail.term, key, `${kind}: "${key}" is shown untranslated`);
          assert.ok(detail.term.trim() !== '', `${kind}: "${key}" has an empty term`);
        }
      }
    });

    it('says every value of a closed vocabulary in words, never as written', () => {
      for (const [key, values] of Object.entries(AUDIT_DETAIL_VALUES)) {
        for (const value of values) {
          const [detail] = shown('zone.switchStep', { [key]: value }).plain;
          assert.ok(detail !== undefined && detail.value !== value, `${key}: "${value}" is shown as written`);
        }
      }
    });

    it('reads the switch entries of the screenshot in words, with zone names, and folds the signature away', () => {
      const step = auditDetails(t, language, { kind: 'zone.switchStep', details: { target: 'van-phong', from: 'none', step: 'leaveZone', phase: 'starting' } }, { zoneName: (id) => (id === 'van-phong' ? 'Mạng văn phòng' : undefined) });
      const values = step.plain.map((detail) => detail.value);
      for (const raw of ['van-phong', 'none', 'leaveZone', 'starting']) assert.ok(!values.includes(raw), `${raw} shown raw: ${values.join(' | ')}`);
      assert.ok(values.includes('Mạng văn phòng'));
      assert.deepEqual(step.technical, []);

      const signed = shown('zone.switchRequested', { target: 'van-phong', from: 'none', reason: 'Xử lý công văn', serial: '25c2', digest: 'ab'.repeat(32), scheme: 'rsaPssSha256', signature: 'oBs/H0V==', signer: 'a7'.repeat(32) });
      assert.deepEqual(signed.technical.map((detail) => detail.term), ['digest', 'signature', 'signer', 'scheme'].map((key) => t(`audit.detail.${key as 'digest'}`)));
      assert.ok(!signed.plain.some((detail) => detail.value === 'oBs/H0V==' || detail.value === 'ab'.repeat(32)));
    });

    it('keeps a key an older version wrote, as written, under the technical details', () => {
      const view = shown('session.unlock', { legacyKey: 'x' });
      assert.deepEqual(view, { plain: [], technical: [{ term: 'legacyKey', value: 'x' }] });
    });
  });
}
