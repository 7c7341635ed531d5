import type { PolicyState } from '../../../../shared/domain/zone.js';
import { formatMoment } from '../../i18n/format.js';
import { useT } from '../../use-t.js';
import { useAirlock } from '../../store-context.js';
import { StatusLine } from '../../components/StatusLine.js';

/** Whether a signed policy is in force, and who signed it; without one no zone can be activated. */
export function ZonePolicyStatus({ policy }: { policy: PolicyState }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
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
      <p>{t('zones.policy.coolDown', { seconds: policy.coolDownSeconds })}</p>
    </StatusLine>
  );
}
