import type { MessageSummary } from '../../../../shared/domain/message.js';
import { keyFor } from '../../i18n/catalog.js';
import { formatMoment } from '../../i18n/format.js';
import { StatusLine } from '../../components/StatusLine.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';

/**
 * The key of a quarantine reason: the core names it as stored (`unknownSigner`, a `MessageProblem`)
 * or as a code (`message.unknownSigner`); the catalogs' error text, or the generic one for neither.
 */
export const problemKey = (problem: string) => keyFor('error.message.', problem) ?? keyFor('error.', problem) ?? 'error.ipc.internal';

/**
 * Who signed and whether it holds, in one framed line: a quarantined message says so first, with
 * the reason, and names its sender only as the message claims it (never as a checked signer).
 */
export function MessageVerdict({ verdict, sender }: { verdict: MessageSummary['verdict']; sender: string }) {
  const t = useT();
  if (verdict.trusted) {
    return (
      <StatusLine severity="ok">
        <p>{t('messages.verdict.trusted', { name: sender })}</p>
      </StatusLine>
    );
  }
  return (
    <StatusLine severity="danger" strong>
      <p>{t('messages.verdict.quarantined')}</p>
      <p>{t(problemKey(verdict.problem))}</p>
      <p>{t('messages.verdict.claimedSender', { name: sender })}</p>
    </StatusLine>
  );
}

/** Past its expiry: kept and readable, said plainly, no receipt any more. */
export function ExpiryLine({ expired, expiresAt }: { expired: boolean; expiresAt: string }) {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const moment = formatMoment(language, expiresAt);
  if (moment === null) return null;
  return expired ? (
    <StatusLine severity="warning">
      <p>{t('messages.expired', moment)}</p>
    </StatusLine>
  ) : (
    <p className="prose">{t('messages.expiresAt', moment)}</p>
  );
}
