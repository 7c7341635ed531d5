import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CALL_CHARS, parsePageCall } from '../../electron/shells/chromium/page-call.js';

describe('Chromium shell: parsing what arrives on the raw page binding', () => {
  it('accepts the two envelopes the init script writes, a missing payload included', () => {
    assert.deepEqual(parsePageCall('{"id":1,"op":"invoke","channel":"app.info","payload":{}}'), { call: { id: 1, op: 'invoke', channel: 'app.info', payload: {} } });
    assert.deepEqual(parsePageCall('{"id":2,"op":"invoke","channel":"session.lock"}'), { call: { id: 2, op: 'invoke', channel: 'session.lock' } });
    assert.deepEqual(parsePageCall('{"id":3,"op":"pathOf","file":"x"}'), { call: { id: 3, op: 'pathOf', file: 'x' } });
  });

  it('refuses anything else as data, with the id when one can be read, and never throws', () => {
    const refusedWithout = [undefined, 42, {}, 'not json', 'null', '', '[]', '"x"', '{}', '{"id":0,"op":"invoke","channel":"a"}', '{"id":1.5}', '{"id":"1"}', `{"id":${Number.MAX_SAFE_INTEGER + 2}}`, 'x'.repeat(MAX_CALL_CHARS + 1)];
    for (const text of refusedWithout) assert.deepEqual(parsePageCall(text), { malformed: true, id: null }, String(text).slice(0, 40));
    const refusedWith = ['{"id":7}', '{"id":7,"op":"launch"}', '{"id":7,"op":"invoke"}', '{"id":7,"op":"invoke","channel":"a","extra":1}', '{"id":7,"op":"pathOf","file":5}', '{"__proto__":{"x":1},"id":7,"op":"invoke","channel":"a"}'];
    for (const text of refusedWith) assert.deepEqual(parsePageCall(text), { malformed: true, id: 7 }, text);
  });

  it('parses a million nesting levels without exhausting the stack (the dispatcher then refuses the payload)', () => {
    const deep = `{"id":1,"op":"invoke","channel":"settings.setLanguage","payload":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const parsed = parsePageCall(deep);
    assert.ok('call' in parsed && parsed.call.id === 1);
  });
});
