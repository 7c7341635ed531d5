// The UI languages as plain constants: no zod here, so the renderer can import these values
// without bundling the schema library (the schema is in language.ts).

/** Vietnamese first: it is the default wherever no choice has been made. */
export const LANGUAGES = ['vi', 'en'] as const;
export type LanguageCode = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: LanguageCode = 'vi';
