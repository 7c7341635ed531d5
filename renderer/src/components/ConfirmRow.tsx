import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The inline "are you sure" of an action that cannot simply be taken back: a titled group saying what
 * the action does, then its confirm button (primary, off while `busy`) and a cancel button. Focus
 * moves to the title when it appears, so a screen reader reads what is asked before the buttons;
 * giving focus back to what opened it is the opener's (it may be gone by then).
 */
export function ConfirmRow({
  id,
  title,
  children,
  confirm,
  cancel,
  busy,
  onConfirm,
  onCancel,
}: {
  /** The title's element id, which names the group. */
  id: string;
  title: string;
  /** What confirming does (and does not do), in plain sentences. */
  children: ReactNode;
  confirm: string;
  cancel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="notice" role="group" aria-labelledby={id}>
      <h3 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h3>
      {children}
      <div className="button-row">
        <button type="button" className="button button--primary" disabled={busy} onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {cancel}
        </button>
      </div>
    </div>
  );
}
