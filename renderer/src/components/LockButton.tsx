import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

export function LockButton() {
  const t = useT();
  const busy = useAirlock((state) => state.busy.lock);
  const lock = useAirlock((state) => state.lock);
  // aria-disabled rather than disabled: a disabled button drops keyboard focus to the page.
  return (
    <button type="button" className="button button--primary" aria-disabled={busy || undefined} onClick={() => void lock()}>
      {t('lock.button')}
    </button>
  );
}
