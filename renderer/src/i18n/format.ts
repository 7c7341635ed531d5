import type { Language } from '../../../shared/domain/language.js';

/** Vietnamese writes dates day-first as 04/12/2026; English as 4 Dec 2026 (day first, month in short words: no US 12/4 ambiguity). */
const LOCALES: Readonly<Record<Language, string>> = { vi: 'vi-VN', en: 'en-GB' };
const DATE_OPTIONS: Readonly<Record<Language, Intl.DateTimeFormatOptions>> = {
  vi: { day: '2-digit', month: '2-digit', year: 'numeric' },
  en: { day: 'numeric', month: 'short', year: 'numeric' },
};

export interface Moment {
  readonly date: string;
  readonly time: string;
}

/**
 * A timestamp from the core (ISO 8601) as local date and time in the user's language, always on
 * the 24-hour clock; null if unreadable. `seconds` for the audit log, where three wrong PINs in
 * one minute must still read as three moments in order.
 */
export function formatMoment(language: Language, iso: string, { seconds = false }: { seconds?: boolean } = {}): Moment | null {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return null;
  const locale = LOCALES[language];
  const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(seconds ? { second: '2-digit' } : {}) };
  return {
    date: new Intl.DateTimeFormat(locale, DATE_OPTIONS[language]).format(instant),
    time: new Intl.DateTimeFormat(locale, time).format(instant),
  };
}

/**
 * A calendar day the core writes as YYYY-MM-DD (a document's date, its declassification day) in
 * the same form as formatMoment's date; read as that local day, so no time zone moves it.
 */
export function formatDay(language: Language, day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (match === null) return null;
  const local = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return formatMoment(language, local.toISOString())?.date ?? null;
}

/** A whole number with the language's digit grouping (vi "1.234.567", en "1,234,567"). */
export function formatCount(language: Language, value: number): string {
  return new Intl.NumberFormat(LOCALES[language]).format(value);
}
