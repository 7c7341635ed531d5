import { useEffect } from 'react';
import { ClassificationBanner } from './components/ClassificationBanner.js';
import { Controls } from './components/Controls.js';
import { ErrorAlert } from './components/ErrorAlert.js';
import { WatchdogBanner } from './features/zones/WatchdogBanner.js';
import { UrgentMessageAlert } from './features/messages/UrgentMessageAlert.js';
import { TrainingBanner } from './features/training/TrainingBanner.js';
import { TourPanel } from './features/training/TourPanel.js';
import { MainNav } from './components/MainNav.js';
import { MAIN_ID, SkipLink } from './components/SkipLink.js';
import { useT } from './use-t.js';
import { Connecting } from './screens/Connecting.js';
import { LockScreen } from './features/session/LockScreen.js';
import { SCREENS } from './screens.js';
import { useAirlock } from './store-context.js';

/** Screen readers pick their voice from `lang`; the window title follows the language too. */
function useDocumentLanguage(): void {
  const language = useAirlock((state) => state.language);
  const t = useT();
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('app.name');
  }, [language, t]);
}

/**
 * Banners top and bottom stay put; the middle scrolls. When the session is locked (or not yet
 * known) navigation and screens are not rendered at all, not merely hidden.
 */
export function App() {
  useDocumentLanguage();
  const session = useAirlock((state) => state.session);
  const screen = useAirlock((state) => state.screen);
  const unlocked = session?.locked === false;
  const Screen = SCREENS[screen];

  return (
    <div className="shell">
      <SkipLink />
      <TrainingBanner />
      <ClassificationBanner position="top" />
      <div className="shell__middle">
        <Controls />
        <div className="workspace">
          {unlocked && <MainNav />}
          <main id={MAIN_ID} tabIndex={-1} className="workspace__main">
            <WatchdogBanner />
            {/* A Hỏa tốc message, over whatever screen is shown; never over the lock screen (a lock empties it). */}
            {unlocked && <UrgentMessageAlert />}
            {session === null ? <Connecting /> : session.locked ? <LockScreen session={session} /> : <Screen />}
            {/* The lock screen shows its alert itself, above the PIN field it is about. */}
            {session?.locked !== true && <ErrorAlert />}
          </main>
        </div>
      </div>
      <TourPanel />
      <ClassificationBanner position="bottom" />
    </div>
  );
}
