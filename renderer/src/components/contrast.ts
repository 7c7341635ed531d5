/** WCAG 2 contrast, used to pick readable banner text on whatever colour a zone policy chooses. */

const HEX = /^#([0-9a-fA-F]{2})([0-9a-fA-F]{2})([0-9a-fA-F]{2})$/;

function linear(channel: string): number {
  const value = Number.parseInt(channel, 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number | null {
  const match = HEX.exec(hex);
  if (match === null) return null;
  const [, r = '00', g = '00', b = '00'] = match;
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(luminanceA: number, luminanceB: number): number {
  const [light, dark] = luminanceA > luminanceB ? [luminanceA, luminanceB] : [luminanceB, luminanceA];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * White or black, whichever contrasts more with `background`. One of the two always reaches at
 * least 4.58:1, so any policy colour gets AA-readable text. Null for a malformed colour.
 */
export function readableTextOn(background: string): '#ffffff' | '#000000' | null {
  const luminance = relativeLuminance(background);
  if (luminance === null) return null;
  return contrastRatio(luminance, 1) >= contrastRatio(luminance, 0) ? '#ffffff' : '#000000';
}
