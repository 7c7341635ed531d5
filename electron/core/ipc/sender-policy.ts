/**
 * Who may call the core. Only the app's own top-level document, served from the app origin:
 * not a sub-frame, not a page navigated elsewhere, not a `file:` or `data:` URL.
 */
export interface SenderInfo {
  /** URL of the frame that sent the request, as reported by the shell (never by the renderer). */
  readonly frameUrl: string;
  readonly isMainFrame: boolean;
}

export function isTrustedSender(sender: SenderInfo, appOrigin: string): boolean {
  if (!sender.isMainFrame) return false;
  let url: URL;
  try {
    url = new URL(sender.frameUrl);
  } catch {
    return false;
  }
  // Scheme and host compared one by one: WHATWG gives custom schemes (app:) the opaque origin "null".
  const expected = new URL(appOrigin);
  return url.protocol === expected.protocol && url.host === expected.host && url.username === '' && url.password === '';
}
