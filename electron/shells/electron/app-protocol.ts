import type { Protocol, Session } from 'electron';
import { APP_SCHEME, ELECTRON_APP_ORIGIN } from '../../platform/origins.js';
import { serveRendererAsset } from '../../platform/renderer-assets.js';

/** Must run before `app.ready`: a standard, secure scheme gets an origin, so the CSP's 'self' means it. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false, stream: false, bypassCSP: false } },
  ]);
}

/** Serves the built renderer from disk, with the security headers, through the shared asset rules. */
export function serveAppScheme(session: Pick<Session, 'protocol'>, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const asset = await serveRendererAsset(rendererRoot, ELECTRON_APP_ORIGIN, request.method, request.url);
    return new Response(new Uint8Array(asset.body), { status: asset.status, headers: asset.headers });
  });
}
