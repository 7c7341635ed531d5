// Pure module: a calendar day as the user types it. The browser's own date field shows the
// browser's locale (mm/dd/yyyy beside an English page, whatever the app's language), so the
// Audit screen takes days as text in the one form both catalogs use: day/month/year.

const TYPED = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * 'YYYY-MM-DD' for a day typed as day/month/year ("4/12/2026", "04.12.2026", "4-12-2026"), or
 * null when the text is no such day (31/02/2026, 12/31/2026, "hôm nay").
 */
export function parseTypedDay(text: string): string | null {
  const match = TYPED.exec(text);
  if (match === null) return null;
  const [day, month, year] = match.slice(1).map(Number) as [number, number, number];
  const check = new Date(year, month - 1, day);
  if (check.getFullYear() !== year || check.getMonth() !== month - 1 || check.getDate() !== day) return null;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The text shown for a 'YYYY-MM-DD' day: dd/mm/yyyy. */
export function typedDayOf(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date ?? ''}/${month ?? ''}/${year ?? ''}`;
}
