import type { AuditEntryView, AuditKind } from '../../../../shared/domain/audit.js';
import type { Language } from '../../../../shared/domain/language.js';
import type { AuditRange, AuditResult } from './audit-filter.js';
import { AUDIT_DETAIL_KEYS, AUDIT_TECHNICAL_DETAILS, type AuditDetailKey } from '../../../../shared/domain/audit-kinds.js';
import { keyFor, type Translate } from '../../i18n/catalog.js';
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

type ValueText = (t: Translate, value: DetailValue, language: Language, kind: AuditKind) => string;

/** A value from a closed vocabulary the catalog names (`audit.value.<key>.<value>`), else as written. */
function enumerated(key: AuditDetailKey): ValueText {
  return (t, value) => {
    const text = keyFor(`audit.value.${key}.`, value);
    return text === null ? asWritten(t, value) : t(text);
  };
}

function classification(t: Translate, value: DetailValue): string {
  const key = keyFor('classification.', value);
  return key === null ? asWritten(t, value) : t(key);
}

/**
 * Details whose values have catalog families of their own; every other key reads through
 * `enumerated` (its closed values, AUDIT_DETAIL_VALUES) or as written (names, numbers, hashes).
 */
const VALUE_TEXT: Readonly<Partial<Record<AuditDetailKey, ValueText>>> = {
  // Other kinds give reasons of their own vocabulary (a refused CRL's, say): only a lock's are lock reasons.
  reason: (t, value, _language, kind) => {
    const key = kind === 'session.lock' ? keyFor('lockReason.', value) : kind === 'policy.refused' ? keyFor('zones.policyRefusal.', value) : kind === 'crl.imported' ? keyFor('crl.rejected.', value) : null;
    return key === null ? asWritten(t, value) : t(key);
  },
  // Error codes as their sentence in the UI language, as the alert said them when they happened.
  code: (t, value) => {
    const key = keyFor('error.', value);
    return key === null ? asWritten(t, value) : t(key);
  },
  step: (t, value, language, kind) => {
    const key = keyFor('zones.step.', value);
    return key === null ? enumerated('step')(t, value, language, kind) : t(key);
  },
  triesLeft: triesText,
  // The name older entries carry for the same thing.
  pinTries: triesText,
  level: classification,
  ceiling: classification,
  toLevel: classification,
  occurredAt: (t, value, language) => {
    const moment = typeof value === 'string' ? formatMoment(language, value, { seconds: true }) : null;
    return moment === null ? asWritten(t, value) : t('audit.moment', moment);
  },
  validUntil: (t, value, language) => {
    const moment = typeof value === 'string' ? formatMoment(language, value) : null;
    return moment === null ? asWritten(t, value) : t('audit.moment', moment);
  },
};

function isKnownDetail(key: string): key is AuditDetailKey {
  return (AUDIT_DETAIL_KEYS as readonly string[]).includes(key);
}

const TECHNICAL: readonly string[] = AUDIT_TECHNICAL_DETAILS;

/** Known details in AUDIT_DETAIL_KEYS' order (what it was about, then when); unknown ones after them all. */
function rank(key: string): number {
  const index = (AUDIT_DETAIL_KEYS as readonly string[]).indexOf(key);
  return index === -1 ? AUDIT_DETAIL_KEYS.length : index;
}

/** What a reader sees, and what the inspector unfolds ("Technical details"). */
export interface AuditDetailView {
  readonly plain: Detail[];
  readonly technical: Detail[];
}

/** Zone ids name zones; the policy's names are the words for them, when the policy is loaded. */
const ZONE_KEYS: readonly string[] = ['from', 'to', 'target', 'zone'] satisfies readonly AuditDetailKey[];

/** What the entry's details refer to that the log does not hold in words: zone names from the policy. */
export interface AuditContext {
  readonly zoneName: (id: string) => string | undefined;
}

const NO_CONTEXT: AuditContext = { zoneName: () => undefined };

/** A report's period: `from`/`to` are days there, not zones. */
function periodDetail(t: Translate, language: Language, key: 'from' | 'to', value: DetailValue): Detail {
  const moment = typeof value === 'string' ? formatMoment(language, value) : null;
  return { term: t(key === 'from' ? 'audit.detail.periodFrom' : 'audit.detail.periodTo'), value: moment === null ? asWritten(t, value) : moment.date };
}

/**
 * An entry's details as "term: value" pairs, every known key and value in words. Hashes,
 * signatures and fingerprints go to `technical`, folded away; a key the log holds from an older
 * version (not in AUDIT_DETAIL_KEYS) goes there too, as written, so nothing is hidden from the inspector.
 */
export function auditDetails(t: Translate, language: Language, { kind, details }: Pick<AuditEntryView, 'kind' | 'details'>, context: AuditContext = NO_CONTEXT): AuditDetailView {
  const view: AuditDetailView = { plain: [], technical: [] };
  for (const [key, value] of Object.entries(details).sort(([a], [b]) => rank(a) - rank(b))) {
    if (!isKnownDetail(key)) {
      view.technical.push({ term: key, value: asWritten(t, value) });
      continue;
    }
    if (kind === 'audit.exported' && (key === 'from' || key === 'to')) {
      view.plain.push(periodDetail(t, language, key, value));
      continue;
    }
    const zone = ZONE_KEYS.includes(key) && typeof value === 'string' ? context.zoneName(value) : undefined;
    const text = zone ?? (VALUE_TEXT[key] ?? enumerated(key))(t, value, language, kind);
    (TECHNICAL.includes(key) ? view.technical : view.plain).push({ term: t(`audit.detail.${key}`), value: text });
  }
  return view;
}

/**
 * A range as the user chose it, in the UI language's dates: its first day, and its last day
 * included ("to" is the exclusive midnight after it, so the last day is the moment just before).
 */
export function daysInWords(language: Language, range: AuditRange): { readonly from: string; readonly to: string } {
  const date = (instant: number) => formatMoment(language, new Date(instant).toISOString())?.date ?? new Date(instant).toISOString();
  return { from: date(Date.parse(range.from)), to: date(Date.parse(range.to) - 1) };
}
