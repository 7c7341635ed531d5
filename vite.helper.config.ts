import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

/**
 * The zone helper as one self-contained ES module for Node (`dist/zone-helper/airlock-zone-helper.mjs`):
 * it runs as root from /usr/lib/airlock with the system's Node.js (Electron's RunAsNode fuse is
 * off), so it must not depend on the app's asar or node_modules. Only Node built-ins stay external.
 */
export default defineConfig({
  build: {
    outDir: 'dist/zone-helper',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    ssr: 'electron/zone-helper/zone-helper.ts',
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((name) => `node:${name}`)],
      output: { format: 'es', entryFileNames: 'airlock-zone-helper.mjs' },
    },
  },
  ssr: { noExternal: true },
});
