import { z } from 'zod';

/**
 * A long job's id (encrypting, decrypting to a file, rotating the data key; backups and uploads
 * later): 128 random bits in hex. The renderer chooses it and sends it with the start, so the job's
 * events name their panel from the first one on; main refuses an id that names a running job.
 */
export const JobId = z.string().regex(/^[0-9a-f]{32}$/);

/** What a job's start request adds: the renderer's id (absent: main chooses one and answers it). */
export const JobStart = { job: JobId.optional() };
