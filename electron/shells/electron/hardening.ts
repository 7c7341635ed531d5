import type { Session, WebContents } from 'electron';

/**
 * Per-webContents rules: the app is one page that never navigates, never opens windows,
 * never embeds a <webview>, and has no devtools in a packaged build.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools'>, isPackaged: boolean): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

/**
 * Per-session rules: no permission is ever granted (camera, notifications, USB, HID...),
 * no download, and no request leaves for anything but the app's own origin.
 */
export function hardenSession(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAppUrl(details.url, appOrigin) });
  });
}

export function isAppUrl(url: string, appOrigin: string): boolean {
  return url === appOrigin || url.startsWith(`${appOrigin}/`);
}
