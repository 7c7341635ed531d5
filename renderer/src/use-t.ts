import { useMemo } from 'react';
import { translatorFor, type Translate } from './i18n/catalog.js';
import { useAirlock } from './store-context.js';

/** The translate function for the language the core last confirmed. */
export function useT(): Translate {
  const language = useAirlock((state) => state.language);
  return useMemo(() => translatorFor(language), [language]);
}
