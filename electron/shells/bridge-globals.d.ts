import type { ChannelIndex } from '../../shared/ipc/api.js';

declare global {
  /**
   * The contract's channel names, inlined by vite.bridge.config.ts at bundle time, so the
   * bridges carry no schema code: they forward, the main process validates.
   */
  const __AIRLOCK_CHANNEL_INDEX__: ChannelIndex;
}
