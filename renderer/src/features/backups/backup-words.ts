import { APP_STORES_PATH } from '../../../../shared/domain/backup-paths.js';
import type { Language } from '../../../../shared/domain/language.js';
import { formatCount, formatMoment } from '../../i18n/format.js';

/** Sizes in the user's digits: "12,5 MB" / "12.5 MB" (decimal megabytes, as file managers show them). */
export function formatSize(language: Language, bytes: number): string {
  if (bytes < 1_000_000) return `${formatCount(language, Math.ceil(bytes / 1000))} KB`;
  return `${new Intl.NumberFormat(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(bytes / 1_000_000)} MB`;
}

/** "05/12/2026 14:30". */
export function formatWhen(language: Language, iso: string): string {
  const moment = formatMoment(language, iso);
  return moment === null ? iso : `${moment.date} ${moment.time}`;
}

/** What a backup holds, for the list: its folders, the app's own stores named in words. */
export function snapshotWhat(paths: readonly string[], appStores: string): string {
  return paths.map((item) => (item === APP_STORES_PATH ? appStores : item)).join(', ');
}
