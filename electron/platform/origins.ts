/**
 * Where each shell serves the renderer from. Neither is a network address: Electron answers its
 * privileged `app:` scheme from disk, and the Chromium shell fulfils requests to a reserved
 * `.invalid` host (RFC 6761: never resolves) from disk and aborts everything else.
 */
export const APP_SCHEME = 'app';
export const ELECTRON_APP_ORIGIN = `${APP_SCHEME}://airlock`;
export const CHROMIUM_APP_ORIGIN = 'https://airlock.invalid';
