import { z } from 'zod';

/** Vietnamese first: it is the default wherever no choice has been made. */
export const LANGUAGES = ['vi', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;
export const DEFAULT_LANGUAGE: Language = 'vi';

/** A text given by configuration (zone names, policy texts) in both UI languages. */
export const LocalizedText = z.strictObject({ vi: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;
