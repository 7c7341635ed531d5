import type { Severity } from './certificate-view.js';

/**
 * A tick, a triangle or a cross, so the kind of status shows in its shape and not only in its
 * colour. Hidden from screen readers: the sentence next to it says everything. Inline SVG, not a
 * font glyph, because the bundled font has no such symbols and the CSP loads no other.
 */
export function StatusIcon({ severity }: { severity: Severity }) {
  return (
    <svg className="status-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {severity === 'ok' ? (
        <>
          <circle className="status-icon__shape" cx="12" cy="12" r="11" />
          <path className="status-icon__mark" d="M6.5 12.5l3.5 3.5 7.5-8" />
        </>
      ) : severity === 'warning' ? (
        <>
          <path className="status-icon__shape" d="M12 1.5 23.5 22H.5z" />
          <path className="status-icon__mark" d="M12 9v6" />
          <circle className="status-icon__dot" cx="12" cy="18.5" r="1.5" />
        </>
      ) : (
        <>
          <circle className="status-icon__shape" cx="12" cy="12" r="11" />
          <path className="status-icon__mark" d="M8 8l8 8M16 8l-8 8" />
        </>
      )}
    </svg>
  );
}
