// Cost of the IPC door (sender check + schema validation both ways) over calling the handler directly.
import { createCore } from '../electron/core/core.js';
import { CHROMIUM_APP_ORIGIN } from '../electron/platform/origins.js';
import type { Benchmark } from './harness.js';

const core = createCore({ shell: 'chromium', version: 'bench', platform: process.platform, appOrigin: CHROMIUM_APP_ORIGIN, log: { internalError: () => undefined, refused: () => undefined, event: () => undefined } });
const sender = { frameUrl: `${CHROMIUM_APP_ORIGIN}/index.html`, isMainFrame: true };
let calls = 0;
// Alternate, so every call really changes the setting.
const nextLanguage = () => (++calls % 2 === 0 ? 'en' : 'vi');

const bench: Benchmark = {
  name: 'ipc-dispatch',
  description: 'settings.setLanguage through the dispatcher vs. the bare service call',
  reference: { label: 'direct service call', run: () => core.services.settings.setLanguage(nextLanguage()) },
  cases: [
    { label: 'dispatcher (validated)', run: () => core.dispatcher.dispatch('settings.setLanguage', { language: nextLanguage() }, sender) },
    { label: 'dispatcher (rejected payload)', run: () => core.dispatcher.dispatch('settings.setLanguage', { language: 'fr' }, sender) },
  ],
};
export default bench;
