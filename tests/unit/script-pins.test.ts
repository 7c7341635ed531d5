import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicyMeta } from '../../electron/platform/csp.js';
import { importMapHashes, pinMismatch, pinPage, pinsOf, sri } from '../../electron/platform/script-pins.js';

// Vite's page as the renderer build hands it over: the CSP placeholder, one entry script.
const VITE_PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta http-equiv="Content-Security-Policy" content="__AIRLOCK_CSP__" />
    <title>Airlock</title>
    <script type="module" crossorigin src="/assets/index-a.js"></script>
  </head>
</html>`;
const ENTRY = 'import("./pdf-b.js")';
const PDF = 'import { x } from "./index-a.js"; export const pdf = x;';
const written = (entry = ENTRY, pdf = PDF) => pinsOf([['assets/index-a.js', entry], ['assets/pdf-b.js', pdf]]);

describe('script pins: every chunk the page may run, by its exact bytes', () => {
  const page = pinPage(VITE_PAGE, written());

  it('pins the entry in its tag, every chunk in the import map (before the entry), and only these in the meta CSP', () => {
    assert.match(page, new RegExp(`<script type="module" crossorigin integrity="${sri(ENTRY).replace(/[+/]/g, '\\$&')}" src="/assets/index-a.js">`));
    const map = /<script type="importmap">([^<]*)<\/script>/.exec(page)?.[1] ?? '';
    assert.deepEqual(JSON.parse(map), { integrity: { '/assets/index-a.js': sri(ENTRY), '/assets/pdf-b.js': sri(PDF) } });
    assert.ok(page.indexOf('importmap') < page.indexOf('type="module"'), 'an import map only applies before the first module script');
    assert.ok(page.includes(`content="${contentSecurityPolicyMeta([sri(map), sri(ENTRY), sri(PDF)])}"`));
    assert.ok(!/'self'|unsafe|strict-dynamic/.test(/script-src [^;]*/.exec(page)?.[0] ?? ''), 'script-src is hashes only');
    assert.deepEqual(importMapHashes(page), [sri(map)]);
    assert.equal(pinMismatch(page, written()), null);
  });

  it('finds a page that no longer matches the files written: one byte of a lazy chunk, of the entry, a new chunk, a missing one', () => {
    assert.match(pinMismatch(page, written(ENTRY, PDF.replace('x;', 'y;'))) ?? '', /import map/);
    assert.match(pinMismatch(page, written(`${ENTRY};`)) ?? '', /import map/);
    assert.match(pinMismatch(page, new Map([...written(), ['/assets/extra.js', sri('1')]])) ?? '', /import map/);
    assert.match(pinMismatch(page, pinsOf([['assets/index-a.js', ENTRY]])) ?? '', /import map/);
  });

  it('pins a chunk the entry imports statically in its modulepreload link too, and finds it changed', () => {
    const preloading = pinPage(VITE_PAGE.replace('</head>', '<link rel="modulepreload" crossorigin href="/assets/pdf-b.js"></head>'), written());
    assert.ok(preloading.includes(`<link rel="modulepreload" crossorigin integrity="${sri(PDF)}" href="/assets/pdf-b.js">`));
    assert.equal(pinMismatch(preloading, written()), null);
    assert.match(pinMismatch(preloading.replace(`integrity="${sri(PDF)}" `, ''), written()) ?? '', /modulepreload link without integrity/);
  });

  it('finds a page changed after pinning: another inline script, an edited policy, a second entry', () => {
    assert.match(pinMismatch(page.replace('</head>', '<script>run()</script></head>'), written()) ?? '', /script elements/);
    assert.match(pinMismatch(page.replace("script-src '", "script-src 'self' '"), written()) ?? '', /meta CSP/);
    const second = page.replace('</head>', `<script type="module" crossorigin integrity="${sri(PDF)}" src="/assets/pdf-b.js"></script></head>`);
    assert.match(pinMismatch(second, written()) ?? '', /entry scripts/);
  });

  it('refuses to pin a page it does not understand rather than leave a script unpinned', () => {
    assert.throws(() => pinPage(VITE_PAGE.replace('index-a.js', 'missing.js'), written()), /No bundle chunk/);
    assert.throws(() => pinPage(VITE_PAGE.replace('</head>', '<link rel="modulepreload" href="/assets/pdf-b.js"></head>'), written()), /modulepreload/);
    assert.throws(() => pinPage(VITE_PAGE.replace('</head>', '<link rel="modulepreload" crossorigin href="/assets/gone.js"></head>'), written()), /No bundle chunk/);
    assert.throws(() => pinPage(VITE_PAGE.replace('__AIRLOCK_CSP__', 'x'), written()), /placeholder/);
    assert.throws(() => pinPage(VITE_PAGE.replace('<title>', '<script type="module" crossorigin src="/assets/pdf-b.js"></script><title>'), written()), /exactly one entry/);
  });
});
