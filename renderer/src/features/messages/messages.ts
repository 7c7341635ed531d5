import type { ComposeRequest, InboxPage, MessageSummary, MessageView, MessagingStatus, SentMessageView } from '../../../../shared/domain/message.js';
import type { EventPayload } from '../../../../shared/ipc/contract.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { isEventOf, newJobId } from '../../job-id.js';
import { attachmentKey, receiptKey } from './messaging-words.js';

// Pure module: the Messages screen's state and actions (inbox, a message opened with its thread,
// compose as a job, sent and receipts, the officer's hand-over), kept out of store.ts as
// documents.ts is. Type-only shared imports, so zod stays out of the bundle.

/** Which part of the screen is shown: one at a time, so the screen stays short at large text. */
export type MessagesPane = 'inbox' | 'message' | 'compose' | 'sent';

export interface InboxListing {
  readonly messages: readonly MessageSummary[];
  readonly next: string | null;
  /** The words searched for ('' for the whole inbox). */
  readonly query: string;
}

export interface SentListing {
  readonly messages: readonly SentMessageView[];
  readonly next: string | null;
}

/** What Reply or Forward puts in the compose form. */
export interface Draft {
  readonly mode: 'reply' | 'forward';
  readonly of: MessageView;
}

export type ComposeJob =
  | { readonly status: 'running'; readonly job: string; readonly done: number; readonly total: number; readonly cancelling: boolean }
  | { readonly status: 'done'; readonly messageId: string; readonly queued: boolean }
  | { readonly status: 'failed'; readonly error: IpcError };

/** An attachment being downloaded (then opened as a document), or why it could not be. */
export type AttachmentFetch = { readonly status: 'running'; readonly job: string; readonly done: number; readonly total: number } | { readonly status: 'failed'; readonly error: IpcError };

export type ReceiptCheck = { readonly status: 'checking' } | { readonly status: 'checked'; readonly valid: boolean; readonly readAt: string } | { readonly status: 'failed'; readonly error: IpcError };

/** A Hỏa tốc message that arrived, with its stored verdict: raised over every screen until dismissed or opened. */
export type UrgentArrival = EventPayload<'messages.arrived'>;

export interface MessagesState {
  readonly pane: MessagesPane;
  readonly status: MessagingStatus | null;
  readonly inbox: InboxListing | null;
  readonly opened: MessageView | null;
  readonly thread: readonly MessageSummary[] | null;
  readonly draft: Draft | null;
  readonly compose: ComposeJob | null;
  readonly sent: SentListing | null;
  readonly receipts: Readonly<Record<string, ReceiptCheck>>;
  readonly attachments: Readonly<Record<string, AttachmentFetch>>;
  /** The officer's hand-over taken: the account it holds. */
  readonly credentials: { readonly user: string; readonly servers: readonly string[] } | null;
  readonly urgent: readonly UrgentArrival[];
  /** Counts the compose forms begun afresh after a message went: a new one starts empty. */
  readonly forms: number;
}

export const NO_MESSAGES: MessagesState = { pane: 'inbox', status: null, inbox: null, opened: null, thread: null, draft: null, compose: null, sent: null, receipts: {}, attachments: {}, credentials: null, urgent: [], forms: 0 };

/** The compose form as the user filled it; the job id is added here. */
export type ComposeForm = Omit<ComposeRequest, 'job'>;

export interface MessagesDeps {
  readonly status: () => Promise<Reply<MessagingStatus>>;
  readonly inbox: (query: string, cursor: string | null) => Promise<Reply<InboxPage>>;
  readonly open: (id: number) => Promise<Reply<MessageView>>;
  readonly thread: (id: number) => Promise<Reply<MessageSummary[]>>;
  readonly compose: (form: ComposeForm, job: string) => Promise<Reply<{ job: string }>>;
  readonly cancelCompose: (job: string) => Promise<Reply<{ cancelled: boolean }>>;
  readonly sent: (cursor: string | null) => Promise<Reply<{ messages: SentMessageView[]; next: string | null }>>;
  readonly verifyReceipt: (messageId: string, reader: string) => Promise<Reply<{ valid: boolean; reader: string; readAt: string }>>;
  readonly fetchAttachment: (id: number, index: number, job: string) => Promise<Reply<{ path: string }>>;
  readonly importCredentials: (path: string) => Promise<Reply<{ user: string; servers: string[] }>>;
  /** The fetched attachment opened by the Documents screen's own open, every check included. */
  readonly openDocument: (path: string) => Promise<void>;
  readonly current: () => MessagesState;
  readonly show: (state: MessagesState) => void;
  readonly fail: (error: IpcError) => void;
}

/** An event's error under a key the catalogs have (re-derived from its code, as documents do). */
const eventError = (error: Pick<IpcError, 'code' | 'details'>): IpcError => ({ code: error.code, messageKey: `error.${error.code}`, ...(error.details === undefined ? {} : { details: error.details }) });

export function messagesActions(deps: MessagesDeps) {
  const update = (part: Partial<MessagesState>) => deps.show({ ...deps.current(), ...part });
  const ok = <T>(reply: Reply<T>): T | null => {
    if (reply.ok) return reply.value;
    deps.fail(reply.error);
    return null;
  };

  const loadStatus = async (): Promise<void> => {
    const status = ok(await deps.status());
    if (status !== null) update({ status });
  };
  /** The first page for `query` (the one shown when absent). */
  const loadInbox = async (query?: string): Promise<void> => {
    const words = (query ?? deps.current().inbox?.query ?? '').trim();
    const page = ok(await deps.inbox(words, null));
    if (page !== null) update({ inbox: { messages: page.messages, next: page.next, query: words } });
  };
  const loadSent = async (): Promise<void> => {
    const page = ok(await deps.sent(null));
    if (page !== null) update({ sent: page });
  };
  const openMessage = async (id: number): Promise<void> => {
    update({ pane: 'message', opened: null, thread: null });
    const view = ok(await deps.open(id));
    if (view === null) return update({ pane: 'inbox' });
    update({ opened: view });
    // Opening marks it read (and may queue a receipt): the list and the header follow.
    void loadInbox();
    const thread = ok(await deps.thread(id));
    if (thread !== null && deps.current().opened?.id === id) update({ thread });
  };
  const runningCompose = () => {
    const compose = deps.current().compose;
    return compose?.status === 'running' ? compose : null;
  };
  const fetchOf = (job: string): [string, Extract<AttachmentFetch, { status: 'running' }>] | null => {
    for (const [key, fetch] of Object.entries(deps.current().attachments)) if (fetch.status === 'running' && fetch.job === job) return [key, fetch];
    return null;
  };
  const setFetch = (key: string, fetch: AttachmentFetch | null) => {
    const { [key]: _gone, ...others } = deps.current().attachments;
    update({ attachments: fetch === null ? others : { ...others, [key]: fetch } });
  };

  return {
    loadStatus,
    loadInbox,
    loadSent,
    openMessage,
    loadMoreInbox: async (): Promise<void> => {
      const inbox = deps.current().inbox;
      if (inbox?.next == null) return;
      const page = ok(await deps.inbox(inbox.query, inbox.next));
      // A newer search or reload replaced the list meanwhile (a new object): its own pages follow it.
      if (page !== null && deps.current().inbox === inbox) update({ inbox: { ...inbox, messages: [...inbox.messages, ...page.messages], next: page.next } });
    },
    loadMoreSent: async (): Promise<void> => {
      const sent = deps.current().sent;
      if (sent?.next == null) return;
      const page = ok(await deps.sent(sent.next));
      if (page !== null && deps.current().sent === sent) update({ sent: { messages: [...sent.messages, ...page.messages], next: page.next } });
    },
    showPane: (pane: MessagesPane): void => {
      // Compose from the tab is a new message; Reply and Forward set their draft themselves.
      update(pane === 'compose' && deps.current().compose === null ? { pane, draft: null } : { pane });
    },
    startDraft: (mode: Draft['mode']): void => {
      const of = deps.current().opened;
      if (of !== null) update({ pane: 'compose', draft: { mode, of }, compose: runningCompose() ?? null });
    },
    compose: async (form: ComposeForm): Promise<void> => {
      if (runningCompose() !== null) return;
      const job = newJobId();
      update({ compose: { status: 'running', job, done: 0, total: 0, cancelling: false } });
      const reply = await deps.compose(form, job);
      if (!reply.ok && runningCompose()?.job === job) update({ compose: { status: 'failed', error: reply.error } });
    },
    cancelCompose: async (): Promise<void> => {
      const current = runningCompose();
      if (current === null) return;
      update({ compose: { ...current, cancelling: true } });
      const reply = await deps.cancelCompose(current.job);
      const now = runningCompose();
      if (reply.ok && !reply.value.cancelled && now?.job === current.job) update({ compose: { ...now, cancelling: false } });
    },
    /** After a message went: a new, empty form; after a failure: back to the form as it was. */
    dismissCompose: (): void => {
      const { compose, forms } = deps.current();
      update(compose?.status === 'done' ? { compose: null, draft: null, forms: forms + 1 } : { compose: null });
    },
    progressed: (event: EventPayload<'messages.progress'>): void => {
      const compose = runningCompose();
      if (isEventOf(compose, event) && compose !== null) return update({ compose: { ...compose, done: event.done, total: event.total } });
      const fetch = fetchOf(event.job);
      if (fetch !== null) setFetch(fetch[0], { ...fetch[1], done: event.done, total: event.total });
    },
    finished: (event: EventPayload<'messages.finished'>): void => {
      if (!isEventOf(runningCompose(), event)) return;
      update({ compose: event.ok ? { status: 'done', messageId: event.messageId, queued: event.queued } : { status: 'failed', error: eventError(event.error) } });
      void loadStatus();
      if (deps.current().sent !== null) void loadSent();
    },
    verifyReceipt: async (messageId: string, reader: string): Promise<void> => {
      const key = receiptKey(messageId, reader);
      update({ receipts: { ...deps.current().receipts, [key]: { status: 'checking' } } });
      const reply = await deps.verifyReceipt(messageId, reader);
      update({ receipts: { ...deps.current().receipts, [key]: reply.ok ? { status: 'checked', valid: reply.value.valid, readAt: reply.value.readAt } : { status: 'failed', error: reply.error } } });
    },
    /** Downloads the attachment (progress by events), then opens it as any received document. */
    fetchAttachment: async (id: number, index: number): Promise<boolean> => {
      const key = attachmentKey(id, index);
      if (deps.current().attachments[key]?.status === 'running') return false;
      const job = newJobId();
      setFetch(key, { status: 'running', job, done: 0, total: 0 });
      const reply = await deps.fetchAttachment(id, index, job);
      if (!reply.ok) {
        setFetch(key, { status: 'failed', error: reply.error });
        return false;
      }
      setFetch(key, null);
      await deps.openDocument(reply.value.path);
      return true;
    },
    importCredentials: async (path: string): Promise<void> => {
      const taken = ok(await deps.importCredentials(path));
      if (taken === null) return;
      update({ credentials: taken });
      await loadStatus();
      await loadInbox('');
    },
    /** A message was stored: the list and the header follow; a Hỏa tốc one is raised over every screen. */
    arrived: async (event: EventPayload<'messages.arrived'>): Promise<void> => {
      // Raised with the verdict the core stored, so the alert never shows an unchecked message as trusted.
      if (event.precedence === 'hoaToc' && !deps.current().urgent.some((item) => item.id === event.id)) update({ urgent: [...deps.current().urgent, event] });
      // Quietly: an arrival is no request of the user's, so a failure here raises no alert on whatever screen is shown.
      const query = deps.current().inbox?.query ?? '';
      const [page, status] = await Promise.all([deps.inbox(query, null), deps.status()]);
      if (page.ok && (deps.current().inbox?.query ?? '') === query) update({ inbox: { messages: page.value.messages, next: page.value.next, query } });
      if (status.ok) update({ status: status.value });
    },
    dismissUrgent: (id: number): void => update({ urgent: deps.current().urgent.filter((item) => item.id !== id) }),
  };
}
