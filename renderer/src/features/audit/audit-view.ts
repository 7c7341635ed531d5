import type { AuditEntryView, AuditKind } from '../../../../shared/domain/audit.js';
import type { Language } from '../../../../shared/domain/language.js';
import type { AuditRange, AuditResult } from './audit-filter.js';
import { keyFor, type AuditDetailKey, type Translate } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import type { Severity } from '../../components/certificate-view.js';
import type { Detail } from '../../components/DetailList.js';

// Pure: what the audit table shows of an entry, apart from the layout, so it can be tested under plain Node.

type DetailValue = AuditEntryView['details'][string];

/** Colour and icon shape of a result; its word is always shown next to them. */
export const RESULT_SEVERITY: Readonly<Record<AuditResult, Severity>> = { ok: 'ok', failed: 'danger', refused: 'warning' };

/** A value as written, except that yes/no reads as a word in the UI language rather than as code. */
function asWritten(t: Translate, value: DetailValue): string {
  return typeof value === 'boolean' ? t(value ? 'audit.value.true' : 'audit.value.false') : String(value);
}

function triesText(t: Translate, value: DetailValue): string {
  // The core writes 'unknown' when the token did not say.
  if (value === 'unknown') return t('token.field.unknown');
  const key = keyFor('pinTries.', value);
  return key === null ? asWritten(t, value) : t(key);
}

/**
 * How the value of each known detail reads: the catalog's text when the value names one, else the
 * value as written (the core may write values the UI does not know yet). The Record type admits
 * exactly AuditDetailKey's keys.
 */
const VALUE_TEXT: Readonly<Record<AuditDetailKey, (t: Translate, value: DetailValue, language: Language, kind: AuditKind) => string>> = {
  serial: asWritten,
  // Other kinds give reasons of their own vocabulary (a refused CRL's, say): only a lock's are lock reasons.
  reason: (t, value, _language, kind) => {
    const key = kind === 'session.lock' ? keyFor('lockReason.', value) : null;
    return key === null ? asWritten(t, value) : t(key);
  },
  // Error codes as their sentence in the UI language, as the alert said them when they happened.
  code: (t, value) => {
    const key = keyFor('error.', value);
    return key === null ? asWritten(t, value) : t(key);
  },
  triesLeft: triesText,
  // The name older entries carry for the same thing.
  pinTries: triesText,
  occurredAt: (t, value, language) => {
    const moment = typeof value === 'string' ? formatMoment(language, value, { seconds: true }) : null;
    return moment === null ? asWritten(t, value) : t('audit.moment', moment);
  },
  recordedLate: asWritten,
};

/** Known details first, in VALUE_TEXT's order (the token, then what happened, then when); others after. */
const DETAIL_ORDER: readonly string[] = Object.keys(VALUE_TEXT);

function isKnownDetail(key: string): key is AuditDetailKey {
  return Object.hasOwn(VALUE_TEXT, key);
}

/** Where a key goes: known ones by DETAIL_ORDER, unknown ones after them all. */
function rank(key: string): number {
  const index = DETAIL_ORDER.indexOf(key);
  return index === -1 ? DETAIL_ORDER.length : index;
}

/**
 * An entry's details as "term: value" pairs. Known keys are named in words; unknown ones are
 * shown raw (in the order the core wrote them), so nothing the log holds is hidden from the inspector.
 */
export function auditDetails(t: Translate, language: Language, { kind, details }: Pick<AuditEntryView, 'kind' | 'details'>): Detail[] {
  return Object.entries(details)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) =>
      isKnownDetail(key) ? { term: t(`audit.detail.${key}`), value: VALUE_TEXT[key](t, value, language, kind) } : { term: key, value: asWritten(t, value) },
    );
}

/**
 * A range as the user chose it, in the UI language's dates: its first day, and its last day
 * included ("to" is the exclusive midnight after it, so the last day is the moment just before).
 */
export function daysInWords(language: Language, range: AuditRange): { readonly from: string; readonly to: string } {
  const date = (instant: number) => formatMoment(language, new Date(instant).toISOString())?.date ?? new Date(instant).toISOString();
  return { from: date(Date.parse(range.from)), to: date(Date.parse(range.to) - 1) };
}
