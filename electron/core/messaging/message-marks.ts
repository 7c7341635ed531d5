import type { SealedStore } from '../store/sealed-store.js';
import { READ_MARKS, THREADS } from './message-store-schema.js';

/** The first opening of a message on this workstation, and the receipt it queued (if it asked for one). */
export interface ReadMark {
  readonly messageId: string;
  readonly readAt: string;
  /** The outbox id of the signed receipt queued on that opening. */
  readonly receiptId: string | undefined;
}

/**
 * Read marks, sealed apart from the messages: the store has no update, and replacing a message's
 * record would change the record id the screen holds. One per message id (the first opening wins).
 */
export class MessageReadMarks {
  constructor(private readonly store: SealedStore) {}

  of(messageId: string): ReadMark | undefined {
    const value = this.store.find<ReadMark>(READ_MARKS, messageId)[0]?.value;
    return value === undefined ? undefined : { ...value, receiptId: value.receiptId ?? undefined };
  }

  /** Marks the first opening; a later call keeps the first mark. Runs inside the caller's transaction when there is one. */
  mark(mark: ReadMark): void {
    this.store.transaction(() => {
      if (this.store.find(READ_MARKS, mark.messageId).length > 0) return;
      this.store.put(READ_MARKS, mark, mark.messageId);
    });
  }
}

interface ThreadLink {
  readonly threadId: string;
  readonly messageId: string;
}

/** Which trusted messages belong to a thread, found by the blind index of the thread's root id. */
export class MessageThreads {
  constructor(private readonly store: SealedStore) {}

  add(threadId: string, messageId: string): void {
    this.store.transaction(() => {
      if (this.store.find<ThreadLink>(THREADS, threadId).some((record) => record.value.messageId === messageId)) return;
      this.store.put(THREADS, { threadId, messageId } satisfies ThreadLink, threadId);
    });
  }

  messageIds(threadId: string): string[] {
    return this.store.find<ThreadLink>(THREADS, threadId).map((record) => record.value.messageId);
  }
}

/** A thread is named by its root: the first of References, else the message answered, else the message itself. */
export function threadIdOf(message: { readonly messageId: string; readonly inReplyTo?: string | undefined; readonly references?: readonly string[] | undefined }): string {
  return message.references?.[0] ?? message.inReplyTo ?? message.messageId;
}
