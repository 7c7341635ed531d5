import type { AirlockApi } from '../../shared/ipc/api.js';

declare global {
  interface Window {
    /** Put there by the preload (Electron) or the Chromium shell; absent if the page was opened any other way. */
    readonly airlock?: AirlockApi;
  }
}

/**
 * The typed bridge to the core, or null when the page runs without one. The renderer has no
 * other way to reach the core, so a missing bridge means "stop and say so", not "degrade".
 */
export function findBridge(): AirlockApi | null {
  const candidate: unknown = window.airlock;
  if (typeof candidate !== 'object' || candidate === null) return null;
  const events: unknown = (candidate as { events?: unknown }).events;
  if (typeof events !== 'object' || events === null || typeof (events as { on?: unknown }).on !== 'function') return null;
  return candidate as AirlockApi;
}
