import type { AuditEntryView, AuditKind, AuditQuery } from '../../../../shared/domain/audit.js';

// Pure module: what the Audit screen asks the core for. Tests load it under plain Node. The lists
// come from shared/domain/audit-kinds.ts, which has no zod, so the bundle stays free of it.

export type AuditResult = AuditEntryView['result'];

import { AUDIT_KINDS, AUDIT_RESULTS } from '../../../../shared/domain/audit-kinds.js';

/** Every kind and result, in the order of the shared lists, as the filters offer them. */
export { AUDIT_KINDS, AUDIT_RESULTS };

/**
 * The most entries one query shows. The contract allows up to 1000; a longer table is no longer
 * readable at large text, and the screen says when the limit cut the list short.
 */
export const AUDIT_LIMIT = 500;

/**
 * The filter as the user chose it: calendar days in the workstation's time zone ('YYYY-MM-DD',
 * read from the typed day/month/year by typed-day.ts), the last day included; null means "all".
 */
export interface AuditFilter {
  readonly fromDate: string;
  readonly toDate: string;
  readonly kind: AuditKind | null;
  readonly result: AuditResult | null;
}

/** The half-open range the core takes (from ≤ at < to), as ISO instants. */
export interface AuditRange {
  readonly from: string;
  readonly to: string;
}

export type AuditRangeProblem = 'audit.filter.badDate' | 'audit.filter.fromAfterTo';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DEFAULT_DAYS = 7;

/** Local midnight at the start of `day` plus `addDays`, or null for a date that does not exist (31/02). */
function localMidnight(day: string, addDays = 0): Date | null {
  const match = DAY.exec(day);
  if (match === null) return null;
  const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
  const midnight = new Date(year, month - 1, date + addDays);
  // The Date constructor rolls 31/02 over into March; a day that does not round-trip was not real.
  const check = new Date(year, month - 1, date);
  if (check.getFullYear() !== year || check.getMonth() !== month - 1 || check.getDate() !== date) return null;
  // The contract's ISO datetime has a four-digit year; year 10000 would be refused as malformed.
  return midnight.getFullYear() > 9999 ? null : midnight;
}

/** Whether `day` ('YYYY-MM-DD') is a real calendar day the contract can carry. */
export function isDay(day: string): boolean {
  return localMidnight(day) !== null && localMidnight(day, 1) !== null;
}

/** 'YYYY-MM-DD' of a local date, the form the filter keeps its days in. */
export function dayOf(moment: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${String(moment.getFullYear()).padStart(4, '0')}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}

/** The last seven days, today included, every kind and result: what an inspector looks at first. */
export function defaultAuditFilter(today: Date): AuditFilter {
  const first = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (DEFAULT_DAYS - 1));
  return { fromDate: dayOf(first), toDate: dayOf(today), kind: null, result: null };
}

/**
 * Local midnight of the first day to local midnight after the last: the user picks days as they
 * live them, and "to" is exclusive in the contract, so the chosen last day is counted whole.
 * A problem instead when the days make no range.
 */
export function auditRange(filter: Pick<AuditFilter, 'fromDate' | 'toDate'>): AuditRange | AuditRangeProblem {
  const from = localMidnight(filter.fromDate);
  const to = localMidnight(filter.toDate, 1);
  if (from === null || to === null) return 'audit.filter.badDate';
  if (from.getTime() >= to.getTime()) return 'audit.filter.fromAfterTo';
  return { from: from.toISOString(), to: to.toISOString() };
}

/** The request for `filter`, or null when its days make no range. "All" fields are left out, not sent empty. */
export function auditQueryOf(filter: AuditFilter): AuditQuery | null {
  const range = auditRange(filter);
  if (typeof range === 'string') return null;
  return {
    ...range,
    ...(filter.kind === null ? {} : { kind: filter.kind }),
    ...(filter.result === null ? {} : { result: filter.result }),
    limit: AUDIT_LIMIT,
  };
}

export function isAuditKind(value: string): value is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(value);
}

export function isAuditResult(value: string): value is AuditResult {
  return (AUDIT_RESULTS as readonly string[]).includes(value);
}
