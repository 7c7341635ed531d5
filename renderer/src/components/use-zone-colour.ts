import { useLayoutEffect, type RefObject } from 'react';
import { readableTextOn } from './contrast.js';

/**
 * Paints an element in the active zone's policy colour. The CSP forbids style attributes, so the
 * colour goes in through the CSSOM as custom properties; without a valid colour the CSS keeps
 * the neutral banner. Layout effect: the banner never flashes the wrong colour.
 */
export function useZoneColour(ref: RefObject<HTMLElement | null>, colour: string | null): void {
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const text = colour === null ? null : readableTextOn(colour);
    if (colour === null || text === null) {
      element.style.removeProperty('--banner-background');
      element.style.removeProperty('--banner-text');
      return;
    }
    element.style.setProperty('--banner-background', colour);
    element.style.setProperty('--banner-text', text);
  }, [ref, colour]);
}
