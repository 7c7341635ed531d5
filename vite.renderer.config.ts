import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { pinMismatch, pinPage, pinsOf } from './electron/platform/script-pins.js';

/**
 * Pins every script the page may run by its exact bytes, lazily loaded chunks included
 * (electron/platform/script-pins.ts). This generateBundle runs after Vite's last rewrite of a
 * chunk, so the hashes are taken from the final code.
 */
function pinScripts(): Plugin {
  return {
    name: 'airlock-pin-scripts',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (page === undefined || page.type !== 'asset') throw new Error('index.html was not emitted');
        const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
        page.source = pinPage(String(page.source), pinsOf(chunks.map((chunk) => [chunk.fileName, chunk.code])));
      },
    },
    // Nothing may change a script after it was pinned (an earlier version pinned in
    // transformIndexHtml, Vite rewrote the entry after, and the page refused its own script and
    // stayed blank): the files on disk must be exactly those the page pins, or the build fails.
    writeBundle: {
      order: 'post',
      handler(options) {
        const outDir = options.dir ?? '';
        const assets = path.join(outDir, 'assets');
        const written = readdirSync(assets)
          .filter((file) => file.endsWith('.js'))
          .map((file) => [`assets/${file}`, readFileSync(path.join(assets, file))] as const);
        const mismatch = pinMismatch(readFileSync(path.join(outDir, 'index.html'), 'utf8'), pinsOf(written));
        if (mismatch !== null) throw new Error(`The scripts written differ from those pinned in index.html: ${mismatch}`);
      },
    },
  };
}

/** pdf.js's image decoders for scanned pages (JBIG2, JPEG 2000), without wasm: the worker imports them by fixed name. */
export const PDF_DECODERS_DIR = 'assets/pdfjs/';
const PDF_DECODERS = ['jbig2_nowasm_fallback.js', 'openjpeg_nowasm_fallback.js'];

/** Copies those decoders into the app, unchanged and unhashed (pdf.js builds their URL as wasmUrl + file name). */
function pdfDecoders(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: 'airlock-pdf-decoders',
    apply: 'build',
    generateBundle() {
      for (const file of PDF_DECODERS) {
        this.emitFile({ type: 'asset', fileName: `${PDF_DECODERS_DIR}${file}`, source: readFileSync(require.resolve(`pdfjs-dist/wasm/${file}`)) });
      }
    },
  };
}

/** The renderer bundle: served by both shells from dist/renderer under the same CSP. */
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), pinScripts(), pdfDecoders()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    // Everything is a file from disk; inlined assets would need data: URLs the CSP refuses.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // Code splitting is on: pdf.js is its own chunk, loaded when a PDF is first opened; every
    // chunk is pinned by pinScripts, so a lazy chunk is as fixed as the entry.
  },
});
