import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { malformedCallAudit } from '../../electron/shells/chromium/refusal-audit.js';

describe('Chromium shell: auditing malformed calls from the page', () => {
  it('writes the first at once, then at most one entry a minute carrying the count since the last', () => {
    const entries: unknown[][] = [];
    let now = 1_000_000;
    const refused = malformedCallAudit({ record: (...args) => void entries.push(args) }, 60_000, () => now);
    refused();
    for (let i = 0; i < 500; i++) refused();
    now += 60_000;
    refused();
    assert.deepEqual(entries, [
      ['renderer.callRefused', 'refused', { calls: 1 }],
      ['renderer.callRefused', 'refused', { calls: 501 }],
    ]);
  });
});
