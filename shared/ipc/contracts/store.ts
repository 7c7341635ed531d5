import { z } from 'zod';
import { JobStart } from '../../domain/job.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

export const storeChannels = {
  store: {
    /**
     * Re-encrypts every record of the open stores under a new data key (settings and the active
     * zone's; the audit file keeps its own). Progress arrives as 'store.rotation' events, under
     * the job id the window chose; a cancelled or crashed rotation resumes on the next call.
     */
    rotateDataKey: defineChannel(z.strictObject(JobStart), z.strictObject({ finished: z.boolean(), records: z.number().int().nonnegative() })),
    cancelRotation: defineChannel(NoParams, z.strictObject({ cancelled: z.boolean() })),
  },
} as const;

export const storeEvents = {
  'store.rotation': z.strictObject({ job: z.string(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
} as const;
