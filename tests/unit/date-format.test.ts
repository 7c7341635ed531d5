import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMoment } from '../../renderer/src/i18n/format.js';
import { parseTypedDay, typedDayOf } from '../../renderer/src/features/audit/typed-day.js';

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

// The Audit screen's day fields (issue #13: the browser's own date field showed the browser's
// locale, mm/dd/yyyy beside an English page): days are typed as day/month/year in both languages.
describe('days typed as day/month/year (renderer/src/features/audit/typed-day.ts)', () => {
  it('reads day first, with /, . or - between, and leading zeros optional', () => {
    for (const text of ['04/12/2026', '4/12/2026', ' 4.12.2026 ', '4-12-2026', '4 / 12 / 2026']) assert.equal(parseTypedDay(text), '2026-12-04', text);
    assert.equal(parseTypedDay('29/02/2028'), '2028-02-29');
  });

  it('refuses what is not a day: month first, 31 February, two-digit years, words, ISO', () => {
    for (const text of ['12/31/2026', '31/02/2026', '29/02/2027', '4/12/26', 'hôm nay', '', '2026-12-04', '0/12/2026', '4/0/2026']) assert.equal(parseTypedDay(text), null, text);
  });

  it('shows a kept day as dd/mm/yyyy, and reads it back unchanged', () => {
    assert.equal(typedDayOf('2026-01-09'), '09/01/2026');
    assert.equal(parseTypedDay(typedDayOf('2026-01-09')), '2026-01-09');
  });
});
