import { z } from 'zod';

/**
 * State-secret levels (Law on Protection of State Secrets), lowest first, so that
 * comparing indexes answers "may content of level A be shown where B is allowed".
 */
export const CLASSIFICATION_LEVELS = ['unclassified', 'mat', 'toiMat', 'tuyetMat'] as const;

export const Classification = z.enum(CLASSIFICATION_LEVELS);
export type Classification = z.infer<typeof Classification>;

/** True when content at `level` may be handled where `ceiling` is the highest level allowed. */
export function isWithinCeiling(level: Classification, ceiling: Classification): boolean {
  return CLASSIFICATION_LEVELS.indexOf(level) <= CLASSIFICATION_LEVELS.indexOf(ceiling);
}
