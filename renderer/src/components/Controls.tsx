import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';
import { AppInfoLine } from './AppInfoLine.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { LockButton } from './LockButton.js';

/** The app's name and the controls that stay on every screen, the lock screen included. */
export function Controls() {
  const t = useT();
  const unlocked = useAirlock((state) => state.session?.locked === false);
  return (
    <section className="controls" aria-label={t('controls.label')}>
      <div className="controls__identity">
        <p className="controls__name">
          {t('app.name')} <span className="controls__tagline">{t('app.tagline')}</span>
        </p>
        <AppInfoLine />
      </div>
      <div className="controls__actions">
        <LanguageSwitch />
        {unlocked && <LockButton />}
      </div>
    </section>
  );
}
