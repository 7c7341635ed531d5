/**
 * A received message's attachment fetched (docs/messaging.md "Attachments"): only a trusted
 * message's, by the reference its signed text carries, over the zone's live connection into the
 * inbox folder under a free name ending `.alc` (never over a file there). What lands there is still the sender's
 * Airlock container: it is opened, with every check, by documents.open. A container whose size or
 * SHA-256 is not the signed one is deleted and audited.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AuditRecorder } from '../audit-recorder.js';
import { CONTAINER_EXTENSION } from '../documents/document-folders.js';
import { claimFreeName } from '../documents/free-name.js';
import { DomainError } from '../domain-error.js';
import type { MessageReading } from './message-reading.js';
import type { ObjectStoreSource } from './object-store-attachments.js';
import { ObjectStoreAttachments } from './object-store-attachments.js';
import type { TransferControl } from './messaging-ports.js';

export interface AttachmentDownloadOptions {
  readonly reading: Pick<MessageReading, 'attachment'>;
  readonly connection: ObjectStoreSource;
  /** The core's documentFolders.inbox. */
  readonly inboxFolder: string;
  readonly audit: AuditRecorder;
}

export async function fetchAttachment(options: AttachmentDownloadOptions, id: number, index: number, control: TransferControl): Promise<{ readonly path: string }> {
  const { reading, connection, inboxFolder, audit } = options;
  const { ref, messageId, classification } = reading.attachment(id, index);
  await mkdir(inboxFolder, { recursive: true, mode: 0o700 });
  // A hidden name of our own first, then the first free name of the signed one: nothing is replaced.
  const temporary = path.join(inboxFolder, `.${randomUUID()}.download`);
  try {
    await new ObjectStoreAttachments(connection).download(ref, temporary, control);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'messaging.attachmentDamaged') audit.record('message.attachmentDamaged', 'refused', { messageId, level: classification, code: error.code, hash: ref.sha256 });
    throw error;
  }
  try {
    const placed = await claimFreeName(temporary, path.join(inboxFolder, containerName(ref.fileName)));
    audit.record('message.attachmentFetched', 'ok', { messageId, level: classification, hash: ref.sha256 });
    return { path: placed };
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** What lands is a container: named `….alc` (the sender's uploader keeps the plain file's name), so the inbox folder lists it and nothing takes it for the plain file. */
function containerName(fileName: string): string {
  const name = path.basename(fileName);
  return name.toLowerCase().endsWith(CONTAINER_EXTENSION) ? name : `${name}${CONTAINER_EXTENSION}`;
}
