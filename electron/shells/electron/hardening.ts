import type { CommandLine, Session, WebContents } from 'electron';
import { NO_NETWORK_SWITCHES, UNREACHABLE_PROXY, WEBRTC_IP_HANDLING_POLICY } from '../../platform/network-switches.js';

/**
 * Per-webContents rules: the app is one page that never navigates, never opens windows,
 * never embeds a <webview>, sends no WebRTC UDP, and has no devtools in a packaged build.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools' | 'setWebRTCIPHandlingPolicy'>, isPackaged: boolean): void {
  // CSP does not govern WebRTC: without this a page script could send STUN datagrams anywhere.
  contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_HANDLING_POLICY);
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (isPackaged) contents.on('devtools-opened', () => contents.closeDevTools());
}

/**
 * Before the app is ready: the unreachable proxy (WebRTC's TCP, the only kind the policy above
 * leaves, has nowhere to go) and no DNS, for every session (network-switches.ts).
 */
export function cutBrowserNetwork(commandLine: Pick<CommandLine, 'appendSwitch'>): void {
  for (const [name, value] of NO_NETWORK_SWITCHES) commandLine.appendSwitch(name, value);
}

/**
 * Per-session rules: no permission is ever granted (camera, notifications, USB, HID...),
 * no download, no request leaves for anything but the app's own origin, and the session's
 * proxy is the unreachable one too (the switch already says so; this holds for a partition whatever its defaults).
 */
export function hardenSession(session: Session, appOrigin: string): void {
  // A failure here leaves the command-line proxy (cutBrowserNetwork) and the UDP policy in place.
  session.setProxy({ proxyRules: UNREACHABLE_PROXY, proxyBypassRules: '<-loopback>' }).catch(() => undefined);
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
