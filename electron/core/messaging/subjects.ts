/**
 * The names messaging shares between the server configuration and the client: inbox subjects,
 * the inbox stream, the durable consumers and the reply prefix. The precedence token is the
 * message format's own value (`hoaToc`, `thuongKhan`, `khan`, `thuong`). Both sides are generated from
 * here, so a permission and the subject it guards can never drift apart.
 */

import { PRECEDENCES, type Precedence } from './message-attributes.js';

export type { Precedence };

/** Most urgent first: Hỏa tốc, Thượng khẩn, Khẩn, Thường (the message format lists them lowest first). */
export const MOST_URGENT_FIRST: readonly Precedence[] = [...PRECEDENCES].reverse();

export const INBOX_STREAM = 'AIRLOCK_INBOX';
const INBOX_ROOT = 'airlock.inbox';
const REPLY_ROOT = 'airlock.reply';

/**
 * A user or device id is one subject token and part of a consumer name: lower-case letters, digits
 * and '-', so it can hold no '.', '*', '>' or blank that would widen a permission.
 */
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

export function isMessagingId(id: string): boolean {
  return ID_PATTERN.test(id);
}

function checkedId(id: string, what: string): string {
  if (!isMessagingId(id)) throw new Error(`${what} id must match ${String(ID_PATTERN)}`);
  return id;
}

/** `airlock.inbox.<user>.<precedence>`: what a sender publishes to. */
export function inboxSubject(user: string, precedence: Precedence): string {
  return `${INBOX_ROOT}.${checkedId(user, 'user')}.${precedence}`;
}

/** Every inbox subject, the stream's subjects. */
export const ALL_INBOXES = `${INBOX_ROOT}.*.*`;

/** `<user>_<device>_<precedence>`: one durable per user, device and precedence ('_' is in neither id). */
export function inboxDurable(user: string, device: string, precedence: Precedence): string {
  return `${checkedId(user, 'user')}_${checkedId(device, 'device')}_${precedence}`;
}

/**
 * The user's own reply prefix: JetStream answers (publish acks, fetched messages) go to
 * `<prefix>.<random>`. With the shared `_INBOX.>` anyone allowed to subscribe there would
 * read the messages the server hands to others.
 */
export function replyPrefix(user: string): string {
  return `${REPLY_ROOT}.${checkedId(user, 'user')}`;
}

/** The precedence a stored subject carries, or undefined for a subject outside the inboxes. */
export function precedenceOf(subject: string): Precedence | undefined {
  const token = subject.split('.')[3];
  return MOST_URGENT_FIRST.find((precedence) => precedence === token);
}

/** `ATT_<user>`: the object store bucket a sender uploads attachments to (docs/messaging.md "Attachments"). */
export function attachmentBucket(user: string): string {
  return `ATT_${checkedId(user, 'user')}`;
}

/** The JetStream stream behind a bucket (the object store's naming: `OBJ_<bucket>`). */
export function attachmentStream(user: string): string {
  return `OBJ_${attachmentBucket(user)}`;
}

/** Every attachment stream: one token, so `*` cannot reach the inbox stream or any other. */
export const ALL_ATTACHMENT_STREAMS = 'OBJ_ATT_*';
