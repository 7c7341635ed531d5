import { defineConfig } from 'vite';
import { channelIndexOf } from './shared/ipc/api.js';
import { contract } from './shared/ipc/contract.js';

/**
 * The two bridges that build `window.airlock`, each bundled to one self-contained file
 * (`vite build --mode preload|chromium-init`):
 * - preload.cjs: an Electron sandboxed preload must be one CommonJS file requiring only `electron`;
 * - chromium-init.js: a classic script the Chromium shell installs with addInitScript.
 * Both call the same shared buildApi().
 */
const BRIDGES = {
  preload: { entry: 'electron/shells/electron/preload.ts', format: 'cjs', fileName: 'preload.cjs' },
  'chromium-init': { entry: 'electron/shells/chromium/init-script.ts', format: 'iife', fileName: 'chromium-init.js' },
} as const;

export default defineConfig(({ mode }) => {
  const bridge = BRIDGES[mode as keyof typeof BRIDGES];
  if (bridge === undefined) throw new Error(`--mode must be one of: ${Object.keys(BRIDGES).join(', ')}`);
  return {
    define: { __AIRLOCK_CHANNEL_INDEX__: JSON.stringify(channelIndexOf(contract)) },
    build: {
      outDir: 'dist/bridge',
      emptyOutDir: false,
      target: 'chrome130',
      minify: false,
      sourcemap: false,
      lib: { entry: bridge.entry, formats: [bridge.format], fileName: () => bridge.fileName, name: 'AirlockBridge' },
      rollupOptions: { external: ['electron'] },
    },
  };
});
