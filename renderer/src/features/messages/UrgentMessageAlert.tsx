import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatCount } from '../../i18n/format.js';
import { useAirlock } from '../../store-context.js';
import { useT } from '../../use-t.js';
import { problemKey } from './MessageVerdict.js';

/**
 * A Hỏa tốc message that arrived, raised over every screen of the unlocked workstation: an alert
 * dialog that takes the focus (and gives it back when closed), "Mở tin" to read it now, Escape or
 * "Để sau" to close it; the message stays in the inbox. One at a time, saying how many more wait.
 * It carries the verdict the core stored: a quarantined message (an unknown signer included) says
 * so with the reason, and its claimed sender is never named as if checked.
 */
export function UrgentMessageAlert() {
  const t = useT();
  const language = useAirlock((state) => state.language);
  const urgent = useAirlock((state) => state.messages.urgent);
  const dismiss = useAirlock((state) => state.dismissUrgent);
  const open = useAirlock((state) => state.openUrgent);
  const box = useRef<HTMLDivElement>(null);
  const before = useRef<Element | null>(null);
  const [first] = urgent;
  const id = first?.id ?? null;

  useEffect(() => {
    if (id === null) return;
    if (before.current === null) before.current = document.activeElement;
    box.current?.focus();
    box.current?.scrollIntoView({ block: 'nearest' });
  }, [id]);

  if (first === undefined) return null;
  const close = (then: () => void) => {
    const back = before.current;
    if (urgent.length === 1) before.current = null;
    then();
    // Back to where the user was (the element may be gone: main then).
    if (urgent.length === 1) (back instanceof HTMLElement && back.isConnected ? back : document.getElementById('main'))?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close(() => dismiss(first.id));
  };
  const quarantined = first.verdict.trusted ? null : first.verdict;
  return (
    <div ref={box} role="alertdialog" aria-modal="false" aria-labelledby="urgent-title" aria-describedby="urgent-text" tabIndex={-1} className="urgent-alert" onKeyDown={onKeyDown}>
      <p id="urgent-title" className="urgent-alert__title">
        {t('messages.urgent.title')}
      </p>
      <div id="urgent-text">
        <p className="urgent-alert__subject">{first.subject}</p>
        <p>{quarantined === null ? t('messages.urgent.from', { name: first.sender }) : `${t('messages.verdict.quarantined')} ${t(problemKey(quarantined.problem))}`}</p>
        {urgent.length > 1 && <p>{t('messages.urgent.more', { count: formatCount(language, urgent.length - 1) })}</p>}
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={() => close(() => void open(first.id))}>
          {t('messages.urgent.open')}
        </button>
        <button type="button" className="button" onClick={() => close(() => dismiss(first.id))}>
          {t('messages.urgent.later')}
        </button>
      </div>
    </div>
  );
}
