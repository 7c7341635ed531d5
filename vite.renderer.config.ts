import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicyMeta } from './electron/platform/csp.js';

/**
 * Pins the page's scripts: each emitted <script> gets an SRI `integrity` hash, and the meta CSP's
 * script-src lists exactly those hashes (the shells' header CSP keeps 'self'; both apply).
 */
function pinScripts(): Plugin {
  return {
    name: 'airlock-pin-scripts',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const hashes: string[] = [];
        const pinned = html.replace(/<script type="module" crossorigin src="\/([^"]+)"><\/script>/g, (tag, file: string) => {
          const chunk = context.bundle?.[file];
          if (chunk === undefined || chunk.type !== 'chunk') throw new Error(`No bundle chunk for ${file}`);
          const hash = `sha384-${createHash('sha384').update(chunk.code).digest('base64')}`;
          hashes.push(hash);
          return tag.replace(' src=', ` integrity="${hash}" src=`);
        });
        if (/<script(?![^>]*integrity=)/.test(pinned)) throw new Error('Every script in index.html must be a pinned bundle chunk.');
        return pinned.replace('__AIRLOCK_CSP__', contentSecurityPolicyMeta(hashes));
      },
    },
    // Vite may still rewrite a chunk after the page was pinned (a dynamic import's preload
    // helper does): the shipped page would then refuse its own script and stay blank. What is
    // written must be what was pinned, or the build fails.
    writeBundle(_options, bundle) {
      const page = bundle['index.html'];
      if (page === undefined || page.type !== 'asset') throw new Error('index.html was not emitted');
      for (const [, integrity, file] of String(page.source).matchAll(/integrity="([^"]+)" src="\/([^"]+)"/g)) {
        const chunk = bundle[file ?? ''];
        const written = chunk?.type === 'chunk' ? `sha384-${createHash('sha384').update(chunk.code).digest('base64')}` : undefined;
        if (written !== integrity) throw new Error(`${file}: the script written differs from the one pinned in index.html (${written ?? 'missing'} ≠ ${integrity})`);
      }
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
    // One script, so one hash to pin.
    rollupOptions: { output: { codeSplitting: false } },
    // That one script includes pdf.js (about 450 kB), so it is bigger than Vite's 500 kB hint.
    chunkSizeWarningLimit: 1024,
  },
});
