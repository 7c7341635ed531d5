import type { Language } from '../../../shared/domain/language.js';

/** Vietnamese writes dates day-first as 01/03/2025; British English keeps day-first order too. */
const LOCALES: Readonly<Record<Language, string>> = { vi: 'vi-VN', en: 'en-GB' };
const DATE_OPTIONS: Readonly<Record<Language, Intl.DateTimeFormatOptions>> = {
  vi: { day: '2-digit', month: '2-digit', year: 'numeric' },
  en: { day: 'numeric', month: 'long', year: 'numeric' },
};

export interface Moment {
  readonly date: string;
  readonly time: string;
}

/** A timestamp from the core (ISO 8601) as local date and time in the user's language; null if unreadable. */
export function formatMoment(language: Language, iso: string): Moment | null {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return null;
  const locale = LOCALES[language];
  return {
    date: new Intl.DateTimeFormat(locale, DATE_OPTIONS[language]).format(instant),
    time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(instant),
  };
}
