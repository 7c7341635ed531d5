import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filterRecipients, matchesRecipient } from '../../renderer/src/features/documents/recipient-filter.js';

const an = { name: 'Nguyễn Văn An', organization: 'Bộ Ngoại giao', email: 'an.nv@mofa.gov.vn', fingerprint: 'ab12cd34'.padEnd(64, '0') };
const dao = { name: 'Trần Thị Đào', organization: 'Sở Nội vụ Đà Nẵng', fingerprint: '9f00ee11'.padEnd(64, '1') };
const names = (query: string) => filterRecipients([an, dao], query).map((entry) => entry.name);

describe('recipient search (the encrypt form’s picker)', () => {
  it('ignores case and Vietnamese diacritics, in the name, organisation and email', () => {
    assert.equal(matchesRecipient(an, 'nguyen van an'), true);
    assert.equal(matchesRecipient(an, 'NGUYỄN'), true);
    assert.deepEqual(names('van an'), ['Nguyễn Văn An']);
    assert.deepEqual(names('an nguyen'), ['Nguyễn Văn An'], 'word order does not matter');
    assert.deepEqual(names('ngoai giao'), ['Nguyễn Văn An']);
    assert.deepEqual(names('mofa.gov'), ['Nguyễn Văn An']);
    assert.deepEqual(names('le van binh'), []);
  });

  it('maps đ/Đ to d both ways', () => {
    assert.deepEqual(names('dao'), ['Trần Thị Đào']);
    assert.deepEqual(names('đào'), ['Trần Thị Đào']);
    assert.deepEqual(names('da nang'), ['Trần Thị Đào']);
    assert.equal(matchesRecipient({ ...an, name: 'Đinh Văn Dũng' }, 'đinh dung'), true);
  });

  it('text typed in decomposed form (NFD) matches the same', () => {
    assert.deepEqual(names('Trần Thị Đào'.normalize('NFD')), ['Trần Thị Đào']);
  });

  it('finds by the start of the fingerprint, with colons or spaces, from four hex digits', () => {
    assert.deepEqual(names('ab12'), ['Nguyễn Văn An']);
    assert.deepEqual(names('AB:12:CD'), ['Nguyễn Văn An']);
    assert.deepEqual(names('9f 00 ee'), ['Trần Thị Đào']);
    assert.deepEqual(names('12cd'), [], 'a prefix, not anywhere in the fingerprint');
    assert.deepEqual(names('9f0'), [], 'too short to mean a fingerprint');
  });

  it('an empty or blank search shows everyone', () => {
    assert.deepEqual(names(''), ['Nguyễn Văn An', 'Trần Thị Đào']);
    assert.deepEqual(names('   '), ['Nguyễn Văn An', 'Trần Thị Đào']);
  });
});
