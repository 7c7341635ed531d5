import type { ZoneSummary } from '../../../../shared/domain/zone.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { LevelBadge } from '../../components/LevelBadge.js';

interface Props {
  zones: readonly ZoneSummary[];
  activeId: string | null;
  /** Absent while a switch cannot be asked for (no token, a switch running). */
  onChoose?: ((zone: ZoneSummary) => void) | undefined;
}

/** One card per zone: its colour, names, ceiling and services; the live one says so in words, not only colour. */
export function ZoneCards({ zones, activeId, onChoose }: Props) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  return (
    <ul className="zone-cards">
      {zones.map((zone) => {
        const active = zone.id === activeId;
        return (
          <li key={zone.id} className={`zone-card${active ? ' zone-card--active' : ''}`}>
            <span className="zone-card__swatch" style={{ backgroundColor: zone.colour }} aria-hidden="true" />
            <div className="zone-card__body">
              <h3 className="zone-card__name">{zone.name[language]}</h3>
              <p>
                {t('zones.ceiling')} <LevelBadge level={zone.highestClassification} />
              </p>
              <p>{t('zones.services', { list: zone.services.map((service) => t(`zones.service.${service}`)).join(', ') || t('zones.noServices') })}</p>
              {active ? (
                <p className="zone-card__active">{t('zones.active')}</p>
              ) : (
                onChoose !== undefined && (
                  <button type="button" className="button" onClick={() => onChoose(zone)}>
                    {t('zones.switchTo', { name: zone.name[language] })}
                  </button>
                )
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
