import { useT } from '../use-t.js';
import type { ScreenId } from '../navigation.js';

/**
 * One component serves all six screens of this version: each says what it will do and, honestly,
 * that it is not built yet. A screen gets its own file when it gets real content.
 */
export function PlannedScreen({ id }: { id: ScreenId }) {
  const t = useT();
  return (
    <>
      <h1>{t(`screen.${id}.name`)}</h1>
      <p className="prose">{t(`screen.${id}.intro`)}</p>
      <p className="notice">{t('screen.notBuilt')}</p>
    </>
  );
}
