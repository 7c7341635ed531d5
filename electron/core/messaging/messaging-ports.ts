/**
 * The seams between the parts of the messaging service (issue #15), so each is built and tested on
 * its own: the credentials the cipher officer hands over, the attachments in the object store, the
 * outbox sender, and what the Messages screen's handlers call.
 */
import type { ComposeRequest, InboxPage, MessageSummary, MessageView, MessagingStatus, SentMessageView } from '../../../shared/domain/message.js';
import type { Precedence } from './message-attributes.js';

/**
 * What the cipher officer hands over (docs/messaging.md "Credentials"), sealed in the live zone's
 * store once imported: the NATS user and device, the NKEY seed, the servers and their pinned roots.
 */
export interface MessagingCredentials {
  /** messagingIdOf(the user's certificate). */
  readonly user: string;
  readonly device: string;
  /** `SU…` as bytes; zeroed by whoever is done with it. */
  readonly seed: Uint8Array;
  /** `tls://host:port` of the cluster's servers. */
  readonly servers: readonly string[];
  readonly rootsPem: string;
}

/** The live zone's credentials, or undefined before the officer's hand-over was imported. */
export interface CredentialsSource {
  load(): Promise<MessagingCredentials | undefined>;
}

/**
 * An attachment as the signed message names it: the container's bytes are in the object store, the
 * message carries where and what digest, so the signature covers the file too.
 */
export interface AttachmentRef {
  readonly fileName: string;
  /** Bytes of the container. */
  readonly size: number;
  /** SHA-256 of the container, lower-case hex. */
  readonly sha256: string;
  readonly bucket: string;
  readonly object: string;
}

/** Progress and cancellation of a long transfer. */
export interface TransferControl {
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The JetStream object store seen from a workstation: upload one's own, download what one was sent. */
export interface AttachmentTransfer {
  upload(containerPath: string, control?: TransferControl): Promise<AttachmentRef>;
  /** Writes the container to `targetPath` after checking its size and SHA-256 against the reference. */
  download(ref: AttachmentRef, targetPath: string, control?: TransferControl): Promise<void>;
}

/** What the outbox sends: a composed message or a signed receipt, each published under its own id. */
export interface OutboundItem {
  readonly messageId: string;
  readonly recipients: readonly string[];
  readonly precedence: Precedence;
  readonly message: Uint8Array;
}

/** The Messages screen's handlers call these (handlers.ts). */
export interface MessagingFacade {
  status(): Promise<MessagingStatus>;
  inbox(request: { readonly cursor?: string | undefined; readonly query?: string | undefined }): Promise<InboxPage>;
  open(id: number): Promise<MessageView>;
  thread(id: number): Promise<MessageSummary[]>;
  compose(request: ComposeRequest, control: TransferControl): Promise<{ readonly messageId: string; readonly queued: boolean }>;
  sent(cursor: string | undefined): Promise<{ readonly messages: SentMessageView[]; readonly next: string | null }>;
  verifyReceipt(messageId: string, reader: string): Promise<{ readonly valid: boolean; readonly reader: string; readonly readAt: string }>;
  fetchAttachment(id: number, index: number, control: TransferControl): Promise<{ readonly path: string }>;
  importCredentials(path: string): Promise<{ readonly user: string; readonly servers: readonly string[] }>;
}
