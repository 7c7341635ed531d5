import { z } from 'zod';
import { LANGUAGES, type LanguageCode } from './languages.js';

export { DEFAULT_LANGUAGE, LANGUAGES } from './languages.js';

export const Language = z.enum(LANGUAGES);
export type Language = LanguageCode;

/** A text given by configuration (zone names, policy texts) in both UI languages. */
export const LocalizedText = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;
