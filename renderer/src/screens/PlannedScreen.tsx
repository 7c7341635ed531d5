import { useT } from '../use-t.js';
import type { ScreenId } from '../navigation.js';

/**
 * One component serves every screen not built yet: each says what it will do and, honestly, that
 * it is not there yet. A screen gets its own file when it gets real content (token, audit, zones, documents and messages have).
 */
export function PlannedScreen({ id }: { id: Exclude<ScreenId, 'token' | 'audit' | 'zones' | 'documents' | 'messages'> }) {
  const t = useT();
  return (
    <>
      <h1>{t(`screen.${id}.name`)}</h1>
      <p className="prose">{t(`screen.${id}.intro`)}</p>
      <p className="notice">{t('screen.notBuilt')}</p>
    </>
  );
}
