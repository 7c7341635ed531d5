import { createHash } from 'node:crypto';
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
  };
}

/** The renderer bundle: served by both shells from dist/renderer under the same CSP. */
export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react(), pinScripts()],
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
