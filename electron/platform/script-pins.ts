import { createHash } from 'node:crypto';
import { contentSecurityPolicyMeta } from './csp.js';

// How the renderer's page pins every script it may run, lazily loaded chunks included, to exact
// bytes. The build (vite.renderer.config.ts) writes the pins after the last change to any chunk
// and checks the files on disk against them; the shells serve the page with a header that allows
// its import map. Why an import map: docs/security.md, "Scripts pinned by hash".

/** A script's URL path as the page requests it (`/assets/x.js`) → the SRI hash of its bytes. */
export type ScriptPins = ReadonlyMap<string, string>;

export function sri(bytes: string | Uint8Array): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

export function pinsOf(files: readonly (readonly [fileName: string, bytes: string | Uint8Array])[]): ScriptPins {
  return new Map(files.map(([fileName, bytes]) => [`/${fileName}`, sri(bytes)]));
}

/**
 * The import map: only an `integrity` table. Chromium (127 and later, so Electron 45 too) gives each module
 * fetch that has no integrity of its own (a static import, import(), a modulepreload link) the
 * hash listed for its URL, and CSP3 lets a hash-source allow an external script only through
 * that integrity: a chunk missing here, or with other bytes, is refused.
 */
function importMapOf(pins: ScriptPins): string {
  return JSON.stringify({ integrity: Object.fromEntries([...pins].sort(([a], [b]) => (a < b ? -1 : 1))) });
}

/** The meta CSP: script-src is the import map's hash, then each chunk's in the map's order; nothing else. */
function policyOf(map: string): string {
  const integrity = (JSON.parse(map) as { integrity: Record<string, string> }).integrity;
  return contentSecurityPolicyMeta([sri(map), ...new Set(Object.values(integrity))]);
}

const ENTRY = /<script type="module" crossorigin src="([^"]+)"><\/script>/g;
const PINNED_ENTRY = /<script type="module" crossorigin integrity="([^"]+)" src="([^"]+)"><\/script>/g;
const PRELOAD = /<link rel="modulepreload" crossorigin href="([^"]+)">/g;
const PINNED_PRELOAD = /<link rel="modulepreload" crossorigin integrity="([^"]+)" href="([^"]+)">/g;
const IMPORT_MAP = /<script type="importmap">([^<]*)<\/script>/g;
const META_CSP = /<meta http-equiv="Content-Security-Policy" content="([^"]*)" \/>/;

/**
 * Pins Vite's page: the entry <script> and each modulepreload link (chunks the entry imports
 * statically) get their hash as `integrity`, an import map with every
 * chunk's hash goes right after the meta CSP (before any module script, as import maps must), and
 * the meta CSP's placeholder becomes the policy that allows exactly these.
 */
export function pinPage(html: string, pins: ScriptPins): string {
  const entries = [...html.matchAll(ENTRY)];
  if (entries.length !== 1) throw new Error(`index.html must load exactly one entry script (found ${entries.length})`);
  const pin = (attribute: string) => (tag: string, file: string) => {
    const hash = pins.get(file);
    if (hash === undefined) throw new Error(`No bundle chunk for ${file}`);
    return tag.replace(` ${attribute}=`, ` integrity="${hash}" ${attribute}=`);
  };
  const withEntry = html.replace(ENTRY, pin('src')).replace(PRELOAD, pin('href'));
  if ((withEntry.match(/<link rel="modulepreload"/g)?.length ?? 0) !== [...withEntry.matchAll(PINNED_PRELOAD)].length) throw new Error('A modulepreload link is not in the form pinPage knows.');
  const map = importMapOf(pins);
  const placeholder = '<meta http-equiv="Content-Security-Policy" content="__AIRLOCK_CSP__" />';
  if (!withEntry.includes(placeholder)) throw new Error('index.html has no meta CSP placeholder to pin the scripts in');
  return withEntry.replace(placeholder, `${placeholder.replace('__AIRLOCK_CSP__', policyOf(map))}\n    <script type="importmap">${map}</script>`);
}

/** Why a page does not pin exactly the scripts written beside it (their real bytes), or null if it does. */
export function pinMismatch(html: string, written: ScriptPins): string | null {
  const maps = [...html.matchAll(IMPORT_MAP)].map(([, map]) => map ?? '');
  if (maps.length !== 1) return `${maps.length} import maps, not 1`;
  const [map = ''] = maps;
  if (map !== importMapOf(written)) return `the import map ${map} differs from the files written ${importMapOf(written)}`;
  if (META_CSP.exec(html)?.[1] !== policyOf(map)) return 'the meta CSP does not allow exactly the import map and these scripts';
  const entries = [...html.matchAll(PINNED_ENTRY)];
  if (entries.length !== 1) return `${entries.length} pinned entry scripts, not 1`;
  for (const [, integrity, file = ''] of [...entries, ...html.matchAll(PINNED_PRELOAD)]) if (written.get(file) !== integrity) return `${file}: ${written.get(file) ?? 'missing'} ≠ ${integrity}`;
  if ((html.match(/<link rel="modulepreload"/g)?.length ?? 0) !== [...html.matchAll(PINNED_PRELOAD)].length) return 'a modulepreload link without integrity';
  const scripts = html.match(/<script\b/g)?.length ?? 0;
  if (scripts !== 2) return `${scripts} script elements: only the import map and the entry may be there`;
  return null;
}

/** The hash of each inline import map of a page: the header CSP allows these and no other inline script. */
export function importMapHashes(html: string): string[] {
  return [...html.matchAll(IMPORT_MAP)].map(([, map]) => sri(map ?? ''));
}
