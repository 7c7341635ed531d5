import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replySubject } from '../../../electron/core/messaging/message-composer.js';

// The Messages screen starts a reply's subject with its language's prefix ("Trả lời:" / "Re:");
// the core makes sure there is exactly one reply prefix, whichever language wrote it.
describe('reply subject', () => {
  it('adds "Re: " to a subject without a reply prefix', () => {
    assert.equal(replySubject('Kế hoạch diễn tập'), 'Re: Kế hoạch diễn tập');
  });

  it('keeps one prefix however many "Re:" the thread has', () => {
    assert.equal(replySubject('Re: Re:re : Kế hoạch'), 'Re: Kế hoạch');
  });

  it('takes the screen\'s Vietnamese "Trả lời:" as the reply prefix, never "Re: Trả lời: …"', () => {
    assert.equal(replySubject('Trả lời: Kế hoạch diễn tập'), 'Trả lời: Kế hoạch diễn tập');
    assert.equal(replySubject('trả lời:Trả lời: Re: Kế hoạch'), 'Trả lời: Kế hoạch');
  });
});
