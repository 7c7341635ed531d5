import type { Classification } from '../../../../shared/domain/classification.js';
import { CLASSIFICATION_LEVELS } from '../../../../shared/domain/levels.js';
import type { MessageSummary, MessagingStatus } from '../../../../shared/domain/message.js';
import type { ZoneSummary } from '../../../../shared/domain/zone.js';

// Pure module: the Messages screen's small judgements, tested under plain Node. Type-only shared
// imports (and the zod-free levels list), so zod stays out of the bundle.

export type Precedence = MessageSummary['precedence'];

/** Decree 30/2020's urgency, lowest first, as shared/domain/message.ts lists it (restated: that module is a schema module). */
export const PRECEDENCE_ORDER = ['thuong', 'khan', 'thuongKhan', 'hoaToc'] as const satisfies readonly Precedence[];
// The other way round too: a precedence added to the schema and not here fails to compile.
const everyPrecedence: readonly (typeof PRECEDENCE_ORDER)[number][] = [] as Precedence[];
void everyPrecedence;

/** The levels a message may be composed at in a zone whose ceiling is `ceiling` (no write down): the rest are not offered. */
export function composableLevels(ceiling: Classification | null): readonly Classification[] {
  if (ceiling === null) return [];
  return CLASSIFICATION_LEVELS.slice(0, CLASSIFICATION_LEVELS.indexOf(ceiling) + 1);
}

/** Levels above `ceiling` (all of them when there is none), lowest first: the ones to name another zone for. */
export function levelsAbove(ceiling: Classification | null): readonly Classification[] {
  return ceiling === null ? CLASSIFICATION_LEVELS : CLASSIFICATION_LEVELS.slice(CLASSIFICATION_LEVELS.indexOf(ceiling) + 1);
}

/**
 * The zones of the policy where messaging runs and `level` may be read and composed: where to
 * switch to for a message above the live zone's ceiling. Empty when no zone allows it.
 */
export function zonesAllowing(zones: readonly ZoneSummary[], level: Classification, except: string | null): readonly ZoneSummary[] {
  const rank = CLASSIFICATION_LEVELS.indexOf(level);
  return zones.filter((zone) => zone.id !== except && zone.services.includes('messaging') && CLASSIFICATION_LEVELS.indexOf(zone.highestClassification) >= rank);
}

/** Zones with messaging whose ceiling is above `ceiling`: where messages held above this zone can be read. */
export function zonesAbove(zones: readonly ZoneSummary[], ceiling: Classification | null, except: string | null): readonly ZoneSummary[] {
  const [next] = levelsAbove(ceiling);
  return next === undefined ? [] : zonesAllowing(zones, next, except);
}

/**
 * A reply's or forward's subject: the prefix once, however long the thread ("Trả lời: Trả lời: …"
 * never grows). `prefix` is the language's own ("Trả lời:" / "Re:"); both languages' are known, so
 * a subject written in the other one is not prefixed again either.
 */
export function prefixedSubject(subject: string, prefix: string, known: readonly string[]): string {
  const trimmed = subject.trim();
  const lower = trimmed.toLowerCase();
  if (known.some((item) => lower.startsWith(item.toLowerCase()))) return trimmed;
  return `${prefix} ${trimmed}`.slice(0, 300);
}

/** What the header must say first: why messaging cannot be used here, or how the connection is. */
export type HeaderState =
  | { readonly kind: 'unavailable'; readonly reason: NonNullable<MessagingStatus['unavailable']> }
  | { readonly kind: 'connection'; readonly connection: MessagingStatus['connection'] };

export function headerStateOf(status: MessagingStatus): HeaderState {
  if (!status.available || status.unavailable !== null) return { kind: 'unavailable', reason: status.unavailable ?? 'noZone' };
  return { kind: 'connection', connection: status.connection };
}

/** The key a receipt check is kept under: a message and one of its readers. */
export const receiptKey = (messageId: string, reader: string): string => `${messageId} ${reader}`;

/** The key an attachment download is kept under. */
export const attachmentKey = (id: number, index: number): string => `${String(id)}:${String(index)}`;
