import { LANGUAGES, translate } from '../i18n/catalog.js';
import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/**
 * Each language is named in its own language (and marked with `lang`), so a user who cannot
 * read the current one still finds theirs. The switch asks the core; the store applies its answer.
 */
export function LanguageSwitch() {
  const t = useT();
  const current = useAirlock((state) => state.language);
  const busy = useAirlock((state) => state.busy.language);
  const setLanguage = useAirlock((state) => state.setLanguage);

  return (
    <div role="group" aria-label={t('language.label')} className="language-switch">
      {LANGUAGES.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="button language-switch__button"
          aria-pressed={language === current}
          aria-disabled={busy || undefined}
          onClick={() => {
            if (language !== current) void setLanguage(language);
          }}
        >
          {translate(language, 'language.ownName')}
        </button>
      ))}
    </div>
  );
}
