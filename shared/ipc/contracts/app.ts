import { z } from 'zod';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

export const AppInfo = z.strictObject({
  name: z.string(),
  version: z.string(),
  shell: z.enum(['electron', 'chromium']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appChannels = {
  app: {
    info: defineChannel(NoParams, AppInfo),
  },
} as const;
