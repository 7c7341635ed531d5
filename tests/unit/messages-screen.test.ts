import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageSummary, MessageView, MessagingStatus } from '../../shared/domain/message.js';
import type { ZoneSummary } from '../../shared/domain/zone.js';
import type { IpcError } from '../../shared/ipc/errors.js';
import type { Reply } from '../../shared/ipc/reply.js';
import { messagesActions, NO_MESSAGES, type MessagesDeps, type MessagesState } from '../../renderer/src/features/messages/messages.js';
import { problemKey } from '../../renderer/src/features/messages/MessageVerdict.js';
import { composableLevels, headerStateOf, prefixedSubject, zonesAbove, zonesAllowing } from '../../renderer/src/features/messages/messaging-words.js';

// The Messages screen's pure modules under plain Node. The core's replies here are hand-written
// (a FAKE bridge, named as such): what they test is the screen's own bookkeeping; the real core,
// server and tokens are driven by tests/e2e/messages.test.ts.

const zone = (id: string, highestClassification: ZoneSummary['highestClassification'], messaging = true): ZoneSummary => ({
  id,
  name: { vi: `Vùng ${id}`, en: `Zone ${id}` },
  colour: '#0b3d91',
  highestClassification,
  services: messaging ? ['messaging'] : [],
});

const summary = (id: number, extra: Partial<MessageSummary> = {}): MessageSummary => ({
  id,
  messageId: `m${String(id)}@airlock.test`,
  subject: `Tin ${String(id)}`,
  sender: 'Trần Thị Bình',
  senderFingerprint: 'ab'.repeat(32),
  classification: 'mat',
  precedence: 'thuong',
  receivedAt: '2026-12-04T08:00:00.000Z',
  expiresAt: '2027-01-03T08:00:00.000Z',
  expired: false,
  verdict: { trusted: true },
  read: false,
  threadId: `m${String(id)}@airlock.test`,
  attachments: 0,
  ...extra,
});

const view = (id: number): MessageView => ({ ...summary(id), body: 'Nội dung', inReplyTo: null, references: [], attachmentList: [], forwarded: [], receiptSent: false });

const ok = <T>(value: T): Promise<Reply<T>> => Promise.resolve({ ok: true, value });
const failed = (code: IpcError['code']): Promise<Reply<never>> => Promise.resolve({ ok: false, error: { code, messageKey: `error.${code}` } as IpcError });

/** A FAKE bridge: the replies each test chooses, the calls it saw, the state as the store would hold it. */
function harness(overrides: Partial<MessagesDeps> = {}) {
  let state: MessagesState = NO_MESSAGES;
  const calls: string[] = [];
  const errors: string[] = [];
  const opened: string[] = [];
  const deps: MessagesDeps = {
    status: () => ok<MessagingStatus>({ available: true, unavailable: null, connection: { kind: 'connected', server: 'tls://127.0.0.1:4222' }, ceiling: 'mat', outbox: 0, heldAbove: 0 }),
    inbox: (query, cursor) => {
      calls.push(`inbox ${query} ${String(cursor)}`);
      return ok({ messages: [summary(1)], next: null });
    },
    open: (id) => ok(view(id)),
    thread: (id) => ok([summary(id)]),
    compose: (_form, job) => ok({ job }),
    cancelCompose: () => ok({ cancelled: true }),
    sent: () => ok({ messages: [], next: null }),
    verifyReceipt: (_id, reader) => ok({ valid: true, reader, readAt: '2026-12-04T09:00:00.000Z' }),
    fetchAttachment: () => ok({ path: '/tmp/Inbox/bao-cao.alc' }),
    importCredentials: () => ok({ user: 'UABC', servers: ['tls://127.0.0.1:4222'] }),
    openDocument: (path) => {
      opened.push(path);
      return Promise.resolve();
    },
    current: () => state,
    show: (next) => {
      state = next;
    },
    fail: (error) => void errors.push(error.code),
    ...overrides,
  };
  return { actions: messagesActions(deps), state: () => state, calls, errors, opened };
}

const form = { recipients: ['cd'.repeat(32)], subject: 'Lịch họp', body: 'Kính gửi…', classification: 'mat' as const, precedence: 'khan' as const, expiresInDays: 30, requestReceipt: true, attachments: [] };

describe('Messages screen: what the zone allows', () => {
  it('offers levels up to the ceiling only, none without a zone', () => {
    assert.deepEqual(composableLevels('mat'), ['unclassified', 'mat']);
    assert.deepEqual(composableLevels('tuyetMat'), ['unclassified', 'mat', 'toiMat', 'tuyetMat']);
    assert.deepEqual(composableLevels(null), []);
  });

  it('names the zones with messaging that allow a level, not this one, not one without messaging', () => {
    const zones = [zone('co-yeu', 'tuyetMat'), zone('van-phong', 'mat'), zone('internet', 'unclassified'), zone('lan-mat', 'toiMat', false)];
    assert.deepEqual(
      zonesAllowing(zones, 'toiMat', 'van-phong').map((item) => item.id),
      ['co-yeu'],
    );
    // Held above "Mật": read where the next level up may be read.
    assert.deepEqual(
      zonesAbove(zones, 'mat', 'van-phong').map((item) => item.id),
      ['co-yeu'],
    );
    assert.deepEqual(zonesAbove(zones, 'tuyetMat', 'co-yeu'), []);
  });

  it('says why messaging is off before anything about the connection', () => {
    const base: MessagingStatus = { available: false, unavailable: 'noCredentials', connection: { kind: 'disconnected' }, ceiling: 'mat', outbox: 0, heldAbove: 0 };
    assert.deepEqual(headerStateOf(base), { kind: 'unavailable', reason: 'noCredentials' });
    assert.deepEqual(headerStateOf({ ...base, available: true, unavailable: null, connection: { kind: 'serverDown', reason: 'messaging.unreachable' } }), { kind: 'connection', connection: { kind: 'serverDown', reason: 'messaging.unreachable' } });
  });

  it('prefixes a reply once, in either language', () => {
    const known = ['Trả lời:', 'Re:'];
    assert.equal(prefixedSubject('Lịch họp', 'Trả lời:', known), 'Trả lời: Lịch họp');
    assert.equal(prefixedSubject('Trả lời: Lịch họp', 'Trả lời:', known), 'Trả lời: Lịch họp');
    assert.equal(prefixedSubject('re: Lịch họp', 'Trả lời:', known), 're: Lịch họp');
  });
});

describe('Messages screen: the state as the core answers (FAKE bridge)', () => {
  it('opens a message, then its thread, and reads the inbox again (it is read now)', async () => {
    const { actions, state, calls } = harness({ thread: () => ok([summary(1), summary(2)]) });
    await actions.openMessage(2);
    assert.equal(state().pane, 'message');
    assert.equal(state().opened?.id, 2);
    assert.deepEqual(
      state().thread?.map((item) => item.id),
      [1, 2],
    );
    assert.deepEqual(calls, ['inbox  null']);
  });

  it('a message that cannot be opened goes back to the inbox and says why', async () => {
    const { actions, state, errors } = harness({ open: () => failed('message.tampered') });
    await actions.openMessage(3);
    assert.equal(state().pane, 'inbox');
    assert.equal(state().opened, null);
    assert.deepEqual(errors, ['message.tampered']);
  });

  it('pages on with the same search, and drops a page a newer search has replaced', async () => {
    let resolve: (reply: Reply<{ messages: MessageSummary[]; next: string | null }>) => void = () => undefined;
    const { actions, state, calls } = harness({
      inbox: (query, cursor) => {
        calls.push(`inbox ${query} ${String(cursor)}`);
        if (cursor === 'c1') return new Promise((done) => (resolve = done));
        return ok({ messages: [summary(query === 'hop' ? 7 : 1)], next: 'c1' });
      },
    });
    await actions.loadInbox('hop');
    const more = actions.loadMoreInbox();
    await actions.loadInbox('');
    resolve({ ok: true, value: { messages: [summary(8)], next: null } });
    await more;
    assert.deepEqual(calls, ['inbox hop null', 'inbox hop c1', 'inbox  null']);
    // The whole inbox's first page, not the old search's second page appended to it.
    assert.deepEqual(
      state().inbox?.messages.map((item) => item.id),
      [1],
    );
    assert.equal(state().inbox?.query, '');
  });

  it('the compose job takes only its own events; queued is said as queued', async () => {
    const { actions, state } = harness();
    await actions.compose(form);
    const running = state().compose;
    assert.ok(running?.status === 'running');
    actions.progressed({ job: 'f'.repeat(32), done: 5, total: 10 });
    assert.deepEqual(state().compose, running);
    actions.progressed({ job: running.job, done: 5, total: 10 });
    assert.deepEqual(state().compose, { ...running, done: 5, total: 10 });
    actions.finished({ job: 'f'.repeat(32), ok: true, messageId: 'x@y', queued: false });
    assert.equal(state().compose?.status, 'running');
    actions.finished({ job: running.job, ok: true, messageId: 'm9@airlock.test', queued: true });
    assert.deepEqual(state().compose, { status: 'done', messageId: 'm9@airlock.test', queued: true });
  });

  it('after a failed send the draft stays; after a sent one the next form starts empty', async () => {
    const { actions, state } = harness({ compose: () => failed('messaging.recipientInvalid') });
    await actions.openMessage(4);
    actions.startDraft('reply');
    await actions.compose(form);
    assert.equal(state().compose?.status, 'failed');
    actions.dismissCompose();
    assert.equal(state().draft?.of.id, 4);
    assert.equal(state().forms, 0);
    const sent = harness();
    await sent.actions.compose(form);
    const job = sent.state().compose;
    assert.ok(job?.status === 'running');
    sent.actions.finished({ job: job.job, ok: true, messageId: 'm@x', queued: false });
    sent.actions.dismissCompose();
    assert.equal(sent.state().forms, 1);
    assert.equal(sent.state().draft, null);
  });

  it('an attachment is downloaded with progress, then opened as a document; a failure stays on its row', async () => {
    const { actions, state, opened } = harness();
    assert.equal(await actions.fetchAttachment(5, 0), true);
    assert.deepEqual(opened, ['/tmp/Inbox/bao-cao.alc']);
    assert.deepEqual(state().attachments, {});
    const broken = harness({ fetchAttachment: () => failed('messaging.notConnected') });
    assert.equal(await broken.actions.fetchAttachment(5, 1), false);
    assert.deepEqual(broken.opened, []);
    assert.equal(broken.state().attachments['5:1']?.status, 'failed');
    assert.deepEqual(broken.errors, []);
  });

  it('raises a Hỏa tốc arrival (once), not a routine one, with the verdict the core stored — before any inbox page names it', async () => {
    // The inbox page does not list it yet (a slow or failed reload): the alert holds the event's own verdict.
    const { actions, state } = harness({ inbox: () => failed('messaging.notConnected') });
    await actions.arrived({ id: 1, precedence: 'khan', sender: 'A', subject: 'Khẩn', verdict: { trusted: true } });
    assert.deepEqual(state().urgent, []);
    await actions.arrived({ id: 9, precedence: 'hoaToc', sender: 'Người lạ', subject: 'Gấp', verdict: { trusted: false, problem: 'unknownSigner' } });
    await actions.arrived({ id: 9, precedence: 'hoaToc', sender: 'Người lạ', subject: 'Gấp', verdict: { trusted: false, problem: 'unknownSigner' } });
    assert.deepEqual(state().urgent, [{ id: 9, precedence: 'hoaToc', sender: 'Người lạ', subject: 'Gấp', verdict: { trusted: false, problem: 'unknownSigner' } }]);
    actions.dismissUrgent(9);
    assert.deepEqual(state().urgent, []);
  });

  it('names a quarantine reason as the core stores it (a MessageProblem) or as a code, and a code the catalogs lack as the generic error', () => {
    assert.equal(problemKey('unknownSigner'), 'error.message.unknownSigner');
    assert.equal(problemKey('message.unknownSigner'), 'error.message.unknownSigner');
    assert.equal(problemKey('tampered'), 'error.message.tampered');
    assert.equal(problemKey('noSuchProblem'), 'error.ipc.internal');
  });

  it('a receipt checked again shows its verdict under that message and reader', async () => {
    const { actions, state } = harness({ verifyReceipt: (_id, reader) => ok({ valid: false, reader, readAt: '2026-12-04T09:00:00.000Z' }) });
    await actions.verifyReceipt('m1@airlock.test', 'ef'.repeat(32));
    assert.deepEqual(state().receipts[`m1@airlock.test ${'ef'.repeat(32)}`], { status: 'checked', valid: false, readAt: '2026-12-04T09:00:00.000Z' });
  });

  it('an arrival while the server fails reloads quietly: no alert on whatever screen is shown, the Hỏa tốc alert still raised', async () => {
    const { actions, state, errors } = harness({ inbox: () => failed('messaging.notConnected'), status: () => failed('messaging.notConnected') });
    await actions.arrived({ id: 3, precedence: 'hoaToc', sender: 'A', subject: 'Gấp', verdict: { trusted: true } });
    assert.deepEqual(errors, []);
    assert.deepEqual(state().urgent.map((item) => [item.id, item.verdict]), [[3, { trusted: true }]]);
  });
});
