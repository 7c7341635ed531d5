import { z } from 'zod';
import { Classification } from './classification.js';
import { LocalizedText } from './language.js';

/** Colour of a zone's banner, a CSS hex colour chosen by the zone policy. */
export const ZoneColour = z.string().regex(/^#[0-9a-fA-F]{6}$/);

export const ActiveZone = z.strictObject({
  id: z.string().min(1).max(64),
  name: LocalizedText,
  colour: ZoneColour,
  highestClassification: Classification,
});
export type ActiveZone = z.infer<typeof ActiveZone>;

/**
 * What the banners show. With no zone active (no policy loaded yet, or a switch that
 * failed closed) nothing above "unclassified" may be handled.
 */
export const ZoneStatus = z.strictObject({
  active: ActiveZone.nullable(),
  highestClassification: Classification,
});
export type ZoneStatus = z.infer<typeof ZoneStatus>;
