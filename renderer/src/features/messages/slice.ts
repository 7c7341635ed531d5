import { messagesActions, NO_MESSAGES, type ComposeForm, type Draft, type MessagesPane, type MessagesState } from './messages.js';
import type { Slice } from '../slice.js';

// The Messages screen (issue #15): the live zone's inbox, a message and its thread, compose,
// sent and receipts, and the Hỏa tốc alert over every screen. Emptied at every lock: subjects,
// senders and bodies are the session's.

export interface MessagesSliceState {
  readonly messages: MessagesState;
}

export interface MessagesActions {
  readonly loadMessagingStatus: () => Promise<void>;
  /** The first page; `query`: words to find (absent: the search shown now). */
  readonly loadMessageInbox: (query?: string) => Promise<void>;
  readonly loadMoreMessages: () => Promise<void>;
  readonly openMessage: (id: number) => Promise<void>;
  readonly showMessagesPane: (pane: MessagesPane) => void;
  /** Reply to or forward the message open now. */
  readonly startDraft: (mode: Draft['mode']) => void;
  readonly composeMessage: (form: ComposeForm) => Promise<void>;
  readonly cancelCompose: () => Promise<void>;
  readonly dismissCompose: () => void;
  readonly loadSent: () => Promise<void>;
  readonly loadMoreSent: () => Promise<void>;
  readonly verifyReceipt: (messageId: string, reader: string) => Promise<void>;
  /** Downloads an attachment and opens it on the Documents screen (every check, as any received document). */
  readonly fetchAttachment: (id: number, index: number) => Promise<void>;
  readonly importMessagingCredentials: (path: string) => Promise<void>;
  readonly dismissUrgent: (id: number) => void;
  /** The Hỏa tốc alert's button: to the Messages screen, the message opened. */
  readonly openUrgent: (id: number) => Promise<void>;
}

export const messagesSlice: Slice<MessagesSliceState, MessagesActions> = {
  initial: { messages: NO_MESSAGES },
  atLock: { messages: 'reset' },
  busy: [],
  create: ({ api, get, set, settle, fail, fresh }) => {
    const messages = messagesActions({
      status: () => settle(() => api.messages.status({})),
      inbox: (query, cursor) => settle(() => api.messages.inbox({ ...(query === '' ? {} : { query }), ...(cursor === null ? {} : { cursor }) })),
      open: (id) => settle(() => api.messages.open({ id })),
      thread: (id) => settle(() => api.messages.thread({ id })),
      compose: (form, job) => settle(() => api.messages.compose({ ...form, job })),
      cancelCompose: (job) => settle(() => api.messages.cancelCompose({ job })),
      sent: (cursor) => settle(() => api.messages.sent(cursor === null ? {} : { cursor })),
      verifyReceipt: (messageId, reader) => settle(() => api.messages.verifyReceipt({ messageId, reader })),
      fetchAttachment: (id, index, job) => settle(() => api.messages.fetchAttachment({ id, index, job })),
      importCredentials: (path) => settle(() => api.messages.importCredentials({ path })),
      openDocument: (path) => get().openDocument(path),
      current: () => get().messages,
      show: (state) => set({ messages: state }),
      fail,
    });
    return {
      actions: {
        loadMessagingStatus: messages.loadStatus,
        // Asked when the screen comes up too: an alert parked for this screen must not be wiped by it.
        loadMessageInbox: messages.loadInbox,
        loadMoreMessages: fresh(messages.loadMoreInbox),
        openMessage: fresh(messages.openMessage),
        showMessagesPane: messages.showPane,
        startDraft: messages.startDraft,
        composeMessage: fresh(messages.compose),
        cancelCompose: messages.cancelCompose,
        dismissCompose: messages.dismissCompose,
        loadSent: messages.loadSent,
        loadMoreSent: fresh(messages.loadMoreSent),
        verifyReceipt: fresh(messages.verifyReceipt),
        fetchAttachment: fresh(async (id: number, index: number) => {
          // Opened where documents are read: the report, the content and its export are there.
          if (await messages.fetchAttachment(id, index)) get().showScreen('documents');
        }),
        importMessagingCredentials: fresh(messages.importCredentials),
        dismissUrgent: messages.dismissUrgent,
        openUrgent: async (id: number) => {
          messages.dismissUrgent(id);
          get().showScreen('messages');
          await get().openMessage(id);
        },
      },
      events: (on) => [
        // Locked, the screen is gone and the lock has emptied the slice: "locked" is not kept to be shown after the unlock.
        on('messages.status', (status) => {
          if (status.unavailable !== 'locked' && get().session?.locked === false) set({ messages: { ...get().messages, status } });
        }),
        on('messages.arrived', (event) => void messages.arrived(event)),
        on('messages.progress', messages.progressed),
        on('messages.finished', messages.finished),
      ],
      // Nothing loaded at start: the screen asks for the header and the inbox when it is shown (unlocked).
    };
  },
};
