// What the suites that sign through the app's signing.* channels share: the documents.finished
// events of their jobs, and an NSS database trusting the test root for poppler's pdfsig.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { until } from './token-core.js';

const run = promisify(execFile);

export interface SigningJobs {
  /** A fresh job id, as the screen makes one. */
  jobId(): string;
  /** The end of that job, once main has sent it. */
  ended(job: string): Promise<EventPayload<'documents.finished'>>;
}

export function signingJobs(api: AirlockApi): SigningJobs {
  const finished: EventPayload<'documents.finished'>[] = [];
  api.events.on('documents.finished', (event) => finished.push(event));
  return {
    jobId: () => Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex'),
    ended: async (job) => {
      await until(() => finished.some((event) => event.job === job), 'the signing job', 60_000);
      const end = finished.find((event) => event.job === job);
      assert.ok(end !== undefined);
      return end;
    },
  };
}

/** An NSS database at `nssDir` (made here) in which the test root is a trusted CA. */
export async function trustingNssDb(nssDir: string, rootCertPath: string): Promise<void> {
  await mkdir(nssDir);
  await run('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  await run('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'Airlock test root', '-t', 'CT,C,C', '-i', rootCertPath]);
}
