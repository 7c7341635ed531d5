import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoment } from '../../renderer/src/i18n/format.js';

// The one date formatter every screen uses (issue #13, item 6): a local moment built here, so the
// test holds in any time zone.
const moment = new Date(2026, 11, 4, 22, 0, 7).toISOString();

describe('dates and times in the UI language (renderer/src/i18n/format.ts)', () => {
  it('Vietnamese: dd/mm/yyyy and the 24-hour clock', () => {
    assert.deepEqual(formatMoment('vi', moment), { date: '04/12/2026', time: '22:00' });
    assert.deepEqual(formatMoment('vi', moment, { seconds: true }), { date: '04/12/2026', time: '22:00:07' });
  });

  it('English: day, short month, year ("4 Dec 2026") and the 24-hour clock', () => {
    assert.deepEqual(formatMoment('en', moment), { date: '4 Dec 2026', time: '22:00' });
  });

  it('an unreadable timestamp is null, never "Invalid Date"', () => {
    assert.equal(formatMoment('vi', 'not a date'), null);
  });
});
