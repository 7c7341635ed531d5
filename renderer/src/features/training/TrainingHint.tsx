import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

/**
 * The lock screen of a training workstation lists the practice officials with their token and PIN
 * (the PINs were printed once by `npm run training`; these tokens guard nothing real).
 */
export function TrainingHint() {
  const t = useT();
  const training = useAirlock((state) => state.training);
  if (training?.active !== true) return null;
  return (
    <section className="training-hint" aria-labelledby="training-hint-title">
      <h2 id="training-hint-title">{t('training.hint.title')}</h2>
      <p className="prose">{t('training.hint.intro')}</p>
      <ul className="training-hint__list">
        {training.officials.map((official) => (
          <li key={official.tokenLabel} className="training-hint__official">
            <p className="training-hint__name">{official.name}</p>
            <p>{t('training.hint.who', { role: t(`training.role.${official.role}`), organisation: official.organisation })}</p>
            <p>{t('training.hint.token', { label: official.tokenLabel })}</p>
            <p>
              {t('training.hint.pin')} <span className="training-hint__pin">{official.pin}</span>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
