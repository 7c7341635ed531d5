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
              aria-describedby={isPlanned(id) ? `nav-planned-${id}` : undefined}
              onClick={() => {
                showScreen(id);
              }}
            >
              {t(`screen.${id}.name`)}
              {/* Shown, and read as the button's description: its name stays the screen's name. */}
              {isPlanned(id) && (
                <span id={`nav-planned-${id}`} className="main-nav__planned" aria-hidden="true">
                  {' '}
                  {t('nav.notBuilt')}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
