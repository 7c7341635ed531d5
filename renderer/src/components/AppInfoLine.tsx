import { useT } from '../use-t.js';
import { useAirlock } from '../store-context.js';

/** Name, version and shell, for the person helping over the phone; quiet, but readable. */
export function AppInfoLine() {
  const t = useT();
  const info = useAirlock((state) => state.appInfo);
  if (info === null) return null;
  return (
    <p className="app-info">
      {t('app.info', { name: info.name, version: info.version, shell: t(`shell.${info.shell}`) })}
    </p>
  );
}
