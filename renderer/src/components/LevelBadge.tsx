import type { Classification } from '../../../shared/domain/classification.js';
import { useT } from '../use-t.js';

/** The level name on its fixed level colour, so it reads the same on any zone colour. */
export function LevelBadge({ level }: { level: Classification }) {
  const t = useT();
  return <span className={`level-badge level-badge--${level}`}>{t(`classification.${level}`)}</span>;
}
