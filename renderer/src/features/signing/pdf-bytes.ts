import { useMemo } from 'react';

/**
 * A PDF main sent as base64, as bytes for pdf.js (memory only). Memoised on the text: the viewer
 * reads its document again whenever its bytes change identity, so a new array each render would reload it.
 */
export function usePdfBytes(base64: string | null): Uint8Array | null {
  return useMemo(() => (base64 === null ? null : Uint8Array.from(atob(base64), (character) => character.charCodeAt(0))), [base64]);
}
