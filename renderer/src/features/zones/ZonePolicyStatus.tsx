import type { PolicyState } from '../../../../shared/domain/zone.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';
import { CRL_IMPORT_HEADING } from '../token/crl-import.js';

/** The Token screen, with focus on its CRL import heading so the next key press is there. */
function goToCrlImport(showScreen: (screen: 'token') => void): void {
  showScreen('token');
  requestAnimationFrame(() => document.getElementById(CRL_IMPORT_HEADING)?.focus());
}

/** Whether a signed policy is in force, and who signed it; without one no zone can be activated. */
export function ZonePolicyStatus({ policy }: { policy: PolicyState }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const showScreen = useAirlock((state) => state.showScreen);
  if (policy.state === 'refused' && policy.reason === 'crlNeeded') {
    // Not a danger: nothing is wrong with the signer, a task is waiting. Say which, and go there.
    return (
      <StatusLine severity="warning">
        <p>{t('zones.policy.crlNeeded')}</p>
        <button type="button" className="button button--primary zones-crl-needed" onClick={() => goToCrlImport(showScreen)}>
          {t('zones.policy.crlNeededGo')}
        </button>
      </StatusLine>
    );
  }
  if (policy.state === 'refused') {
    return (
      <StatusLine severity="danger" strong>
        <p>{t('zones.policy.refused', { reason: t(`zones.policyRefusal.${policy.reason}`) })}</p>
      </StatusLine>
    );
  }
  const until = formatMoment(language, policy.validUntil);
  return (
    <StatusLine severity="ok">
      <p>{t('zones.policy.loaded', { serial: policy.serial, signer: policy.signer })}</p>
      {until !== null && <p>{t('zones.policy.validUntil', until)}</p>}
      {/* No waiting rule: saying "at least 0 seconds" would only puzzle. */}
      {policy.coolDownSeconds > 0 && <p>{t('zones.policy.coolDown', { seconds: policy.coolDownSeconds })}</p>}
    </StatusLine>
  );
}
