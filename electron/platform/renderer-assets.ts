import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pageSecurityHeaders, RENDERER_SECURITY_HEADERS } from './csp.js';
import { importMapHashes } from './script-pins.js';

export interface AssetResponse {
  readonly status: 200 | 400 | 403 | 404 | 405;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // The bundled pdf.js worker keeps its module extension; a worker needs a JavaScript type (nosniff).
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

function refuse(status: AssetResponse['status']): AssetResponse {
  return { status, headers: { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, body: Buffer.alloc(0) };
}

/**
 * Serves the built renderer to either shell. Only GET, only the app's own origin, only files that
 * really lie under the renderer folder (after decoding and after following links), only known types.
 */
export async function serveRendererAsset(rendererRoot: string, appOrigin: string, method: string, rawUrl: string): Promise<AssetResponse> {
  if (method !== 'GET') return refuse(405);
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(400);
  }
  const expected = new URL(appOrigin);
  if (url.protocol !== expected.protocol || url.host !== expected.host || url.username !== '' || url.password !== '') return refuse(403);

  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return refuse(400);
  }
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.split('/').includes('..')) return refuse(403);
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');

  const contentType = CONTENT_TYPES[path.extname(relative).toLowerCase()];
  if (contentType === undefined) return refuse(404);

  try {
    const root = await realpath(rendererRoot);
    const file = await realpath(path.join(root, relative));
    if (file !== root && !file.startsWith(root + path.sep)) return refuse(403);
    const body = await readFile(file);
    const security = contentType.startsWith('text/html') ? pageSecurityHeaders(importMapHashes(body.toString('utf8'))) : RENDERER_SECURITY_HEADERS;
    return { status: 200, headers: { ...security, 'Content-Type': contentType }, body };
  } catch {
    return refuse(404);
  }
}
