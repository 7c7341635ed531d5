import type { MouseEvent } from 'react';
import { useT } from '../use-t.js';

export const MAIN_ID = 'main';

/** First stop for keyboard users: jumps past banners, controls and navigation. */
export function SkipLink() {
  const t = useT();
  // Focus main directly: following the fragment alone scrolls but may leave focus behind.
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    const main = document.getElementById(MAIN_ID);
    if (main === null) return;
    event.preventDefault();
    main.focus();
  };
  return (
    <a className="skip-link" href={`#${MAIN_ID}`} onClick={onClick}>
      {t('skipLink')}
    </a>
  );
}
