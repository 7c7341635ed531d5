// The classification levels as plain constants: no zod here, so the renderer can import these
// values without bundling the schema library (the schema is in classification.ts).

/**
 * State-secret levels (Law on Protection of State Secrets), lowest first, so that
 * comparing indexes answers "may content of level A be shown where B is allowed".
 */
export const CLASSIFICATION_LEVELS = ['unclassified', 'mat', 'toiMat', 'tuyetMat'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];

/** True when content at `level` may be handled where `ceiling` is the highest level allowed. */
export function isWithinCeiling(level: ClassificationLevel, ceiling: ClassificationLevel): boolean {
  return CLASSIFICATION_LEVELS.indexOf(level) <= CLASSIFICATION_LEVELS.indexOf(ceiling);
}
