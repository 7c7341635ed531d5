import { PDF_WORKER_POLICY } from '../../shared/platform/trusted-types.js';

/**
 * The renderer's Content-Security-Policy, sent as a header by both shells and repeated in a meta
 * tag by the renderer build. No remote content, no inline script or style, no eval, no frames,
 * no network from the page: everything goes through the typed API.
 */
const DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self'",
  // blob: for the document viewer's images, made from memory (documents are never files the page can load).
  'img-src': "'self' blob:",
  'font-src': "'self'",
  'connect-src': "'none'",
  'media-src': "'none'",
  'object-src': "'none'",
  'frame-src': "'none'",
  'child-src': "'none'",
  // 'self' for pdf.js's parser, a bundled app file; its own header CSP keeps it off the network and eval.
  'worker-src': "'self'",
  'manifest-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  // Only honoured as a header; harmless in the meta tag's absence of it.
  'frame-ancestors': "'none'",
  'require-trusted-types-for': "'script'",
  // One named policy, which only vouches for the bundled pdf.js worker URL; no HTML sinks, no duplicates.
  'trusted-types': PDF_WORKER_POLICY,
};

const HASH_SOURCE = /^sha(256|384|512)-[A-Za-z0-9+/]+=*$/;

function serialise(names: readonly string[]): string {
  return names.map((name) => `${name} ${DIRECTIVES[name] ?? "'none'"}`).join('; ');
}

export const CONTENT_SECURITY_POLICY = serialise(Object.keys(DIRECTIVES));

/**
 * The copy in the renderer's meta tag, which the browser enforces together with the header:
 * there `script-src` names the hash of each script the build emitted (the entry, each lazily
 * loaded chunk, and the import map that gives those chunks their integrity), so even a file
 * dropped into the app folder cannot run. `frame-ancestors` is ignored in a meta tag, so it is left out.
 */
export function contentSecurityPolicyMeta(scriptHashes: readonly string[]): string {
  if (scriptHashes.length === 0 || !scriptHashes.every((hash) => HASH_SOURCE.test(hash))) {
    throw new Error('The meta CSP needs the base64 hash of every script the page loads.');
  }
  const names = Object.keys(DIRECTIVES).filter((name) => name !== 'frame-ancestors');
  return names.map((name) => (name === 'script-src' ? `script-src ${scriptHashes.map((hash) => `'${hash}'`).join(' ')}` : serialise([name]))).join('; ');
}

/**
 * The header CSP for the page itself: as CONTENT_SECURITY_POLICY, and script-src also allows the
 * page's import map by its hash. An import map must be inline (Chromium loads no external one) and
 * runs no code: it carries the SRI hash of every chunk the page may load (vite.renderer.config.ts).
 */
export function contentSecurityPolicyForPage(importMapHashes: readonly string[]): string {
  if (!importMapHashes.every((hash) => HASH_SOURCE.test(hash))) throw new Error('An import map is allowed only by its base64 hash.');
  const names = Object.keys(DIRECTIVES);
  return names.map((name) => (name === 'script-src' ? `script-src ${[DIRECTIVES[name], ...importMapHashes.map((hash) => `'${hash}'`)].join(' ')}` : serialise([name]))).join('; ');
}

/** Headers sent with every renderer file, in both shells. */
export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), hid=(), serial=(), bluetooth=(), clipboard-read=(), display-capture=()',
};

/** Headers sent with the page itself: the same, with its import map allowed by hash (contentSecurityPolicyForPage). */
export function pageSecurityHeaders(importMapHashes: readonly string[]): Readonly<Record<string, string>> {
  return { ...RENDERER_SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicyForPage(importMapHashes) };
}
