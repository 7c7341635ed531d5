import { z } from 'zod';
import { CLASSIFICATION_LEVELS, type ClassificationLevel } from './levels.js';

export { CLASSIFICATION_LEVELS, isWithinCeiling } from './levels.js';

export const Classification = z.enum(CLASSIFICATION_LEVELS);
export type Classification = ClassificationLevel;
