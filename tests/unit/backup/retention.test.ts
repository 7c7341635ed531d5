import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRetention, isoWeek, policyKeepsNothing } from '../../../electron/core/backup/retention.js';

// The rules' edges without restic (tests/integration/backup/retention-restic.test.ts compares them with restic 0.14).

const at = (iso: string, hostname = 'may-1') => ({ id: iso, time: iso, hostname, paths: ['/srv'] });

describe('retention rules', () => {
  it('ISO weeks: the first Thursday decides the week-year', () => {
    assert.equal(isoWeek(2024, 12, 30), '2025-W1');
    assert.equal(isoWeek(2021, 1, 3), '2020-W53');
    assert.equal(isoWeek(2026, 12, 5), '2026-W49');
    assert.equal(isoWeek(2026, 1, 1), '2026-W1');
  });

  it('days are the wall clock of the given zone: 23:30 and 00:30 Vietnamese time are two days, one UTC day', () => {
    const snapshots = [at('2026-03-01T16:30:00.000Z'), at('2026-03-01T17:30:00.000Z')];
    assert.equal(applyRetention(snapshots, { daily: 5 }, 'Asia/Ho_Chi_Minh', Date.parse('2026-04-01')).keep.length, 2);
    assert.equal(applyRetention(snapshots, { daily: 5 }, 'UTC', Date.parse('2026-04-01')).keep.length, 1);
  });

  it('each host and set of paths is its own group; every snapshot is either kept with reasons or removed', () => {
    const snapshots = [at('2026-01-01T00:00:00.000Z'), at('2026-01-02T00:00:00.000Z'), at('2026-01-01T00:00:00.000Z', 'may-2'), { ...at('2026-01-03T00:00:00.000Z'), paths: ['/khac'] }];
    const decision = applyRetention(snapshots, { last: 1 }, 'UTC', Date.parse('2026-02-01'));
    assert.deepEqual(decision.keep.map(({ snapshot, reasons }) => [snapshot.hostname, snapshot.time, reasons]).sort(), [
      ['may-1', '2026-01-02T00:00:00.000Z', ['last']],
      ['may-1', '2026-01-03T00:00:00.000Z', ['last']],
      ['may-2', '2026-01-01T00:00:00.000Z', ['last']],
    ]);
    assert.deepEqual(decision.remove.map((snapshot) => snapshot.time), ['2026-01-01T00:00:00.000Z']);
  });

  it('a snapshot dated in the future does not make the others old for withinDays', () => {
    const snapshots = [at('2026-01-01T00:00:00.000Z'), at('2026-01-05T00:00:00.000Z'), at('2031-01-01T00:00:00.000Z')];
    const decision = applyRetention(snapshots, { withinDays: 7 }, 'UTC', Date.parse('2026-01-06'));
    assert.equal(decision.remove.length, 0);
    assert.equal(applyRetention(snapshots, { withinDays: 3 }, 'UTC', Date.parse('2026-01-06')).remove.length, 1);
  });

  it('refuses counts that are not whole numbers, and says when a policy keeps nothing', () => {
    assert.throws(() => applyRetention([at('2026-01-01T00:00:00.000Z')], { daily: -1 }, 'UTC'), RangeError);
    assert.throws(() => applyRetention([at('2026-01-01T00:00:00.000Z')], { last: 1.5 }, 'UTC'), RangeError);
    assert.equal(policyKeepsNothing({}), true);
    assert.equal(policyKeepsNothing({ daily: 0, withinDays: 0 }), true);
    assert.equal(policyKeepsNothing({ yearly: 1 }), false);
  });
});
