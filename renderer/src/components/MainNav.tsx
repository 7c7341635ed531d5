import { useT } from '../use-t.js';
import { isPlanned, SCREEN_IDS } from '../navigation.js';
import { useAirlock } from '../store-context.js';

export function MainNav() {
  const t = useT();
  const screen = useAirlock((state) => state.screen);
  const showScreen = useAirlock((state) => state.showScreen);
  return (
    <nav className="main-nav" aria-label={t('nav.label')}>
      <ul className="main-nav__list">
        {SCREEN_IDS.map((id) => (
          <li key={id} className="main-nav__item">
            <button
              type="button"
              className="button main-nav__button"
              aria-current={id === screen ? 'page' : undefined}
              onClick={() => {
                showScreen(id);
              }}
            >
              {t(`screen.${id}.name`)}
              {/* Said in the name itself, so a screen reader hears it before choosing, not after. */}
              {isPlanned(id) && <span className="main-nav__planned"> {t('nav.notBuilt')}</span>}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
