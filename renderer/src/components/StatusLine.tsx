import type { ReactNode } from 'react';
import type { Severity } from './certificate-view.js';
import { StatusIcon } from './StatusIcon.js';

/**
 * A verdict in one framed line: icon shape, edge colour and the sentence all say the same thing,
 * so none of them is needed alone. `strong` is for what must not be missed (bold, full frame).
 */
export function StatusLine({ severity, strong = false, children }: { severity: Severity; strong?: boolean; children: ReactNode }) {
  return (
    <div className={`status-line status-line--${severity}${strong ? ' status-line--strong' : ''}`}>
      <StatusIcon severity={severity} />
      <div className="status-line__text">{children}</div>
    </div>
  );
}
