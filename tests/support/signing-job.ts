// A signing job through the app's channel, awaited to its end: `signing.sign` with a trusted time,
// then the `documents.finished` event under the job's id (the window's way, signing-service.ts).
import assert from 'node:assert/strict';
import type { AirlockApi } from '../../shared/ipc/api.js';
import type { EventPayload } from '../../shared/ipc/contract.js';
import { until } from './token-core.js';

/** `finished`: every documents.finished event the test has heard (the caller subscribes once). */
export function timestampedSigning(api: () => AirlockApi, finished: readonly EventPayload<'documents.finished'>[]): (source: string) => Promise<EventPayload<'documents.finished'>> {
  return async (source) => {
    const job = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
    const started = await api().signing.sign({ source, timestamp: true, job });
    assert.ok(started.ok, JSON.stringify(started));
    await until(() => finished.some((event) => event.job === job), 'the signing job', 60_000);
    const end = finished.find((event) => event.job === job);
    assert.ok(end !== undefined);
    return end;
  };
}
