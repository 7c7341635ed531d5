import { useRef } from 'react';
import { useAirlock } from '../store-context.js';
import { useT } from '../use-t.js';
import { LevelBadge } from './LevelBadge.js';
import { useZoneColour } from './use-zone-colour.js';

interface Props {
  /** Top is the page's banner landmark, bottom its contentinfo: two roles, two names. */
  position: 'top' | 'bottom';
}

export function ClassificationBanner({ position }: Props) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const zones = useAirlock((state) => state.zones);
  const ref = useRef<HTMLElement>(null);
  const active = zones?.active ?? null;
  useZoneColour(ref, active?.colour ?? null);

  // Before the core answers, show what holds with no zone: nothing above unclassified.
  const level = zones?.highestClassification ?? 'unclassified';
  const Landmark = position === 'top' ? 'header' : 'footer';
  const className = `classification-banner${active === null ? '' : ' classification-banner--zone'}`;

  return (
    <Landmark ref={ref} className={className} aria-label={t(position === 'top' ? 'banner.top.label' : 'banner.bottom.label')}>
      <p className="classification-banner__item">
        {active === null ? t('banner.noZone') : t('banner.zone', { name: active.name[language] })}
      </p>
      <p className="classification-banner__item">
        {t('banner.highest')} <LevelBadge level={level} />
      </p>
    </Landmark>
  );
}
