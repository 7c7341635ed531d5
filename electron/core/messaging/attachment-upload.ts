/**
 * A message's attachments as the composer uploads them (docs/messaging.md "Attachments"): each file
 * encrypted as an Airlock container to the recipients and the sender, labelled with the message's
 * level, into a private temporary folder, then streamed to the sender's bucket over the live
 * connection; the temporary containers are removed whatever happens. The plaintext never leaves
 * the file it was picked from.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { certificateInfo } from '../certificates/certificate-info.js';
import { encryptContainer } from '../documents/container-writer.js';
import { readablePath } from '../documents/document-paths.js';
import { DomainError } from '../domain-error.js';
import type { MessagingConnection } from './connection.js';
import type { AttachmentUploader, SenderIdentity } from './message-composer.js';
import type { AttachmentRef } from './messaging-ports.js';
import { ObjectStoreAttachments } from './object-store-attachments.js';

export async function uploadAttachments(request: Parameters<AttachmentUploader>[0], connection: MessagingConnection | undefined, sender: () => Promise<SenderIdentity>): Promise<AttachmentRef[]> {
  if (connection === undefined || connection.state.kind !== 'connected') throw new DomainError('messaging.notConnected');
  const sources = await Promise.all(request.paths.map((file) => readablePath(file)));
  const me = await sender();
  const signer = certificateInfo(me.signer.certificateDer);
  const transfer = new ObjectStoreAttachments(connection);
  const dir = await mkdtemp(path.join(tmpdir(), 'airlock-attach-'));
  try {
    const refs: AttachmentRef[] = [];
    for (const source of sources) {
      // The container keeps the file's name: it is what the recipient sees.
      const output = path.join(dir, path.basename(source));
      const size = (await stat(source)).size;
      await encryptContainer({
        source: { kind: 'file', path: source },
        output,
        label: { level: request.classification, caveats: [], originator: signer.subject.organization ?? signer.subject.display, date: new Date().toISOString().slice(0, 10), declassifyOn: null },
        metadata: { fileName: path.basename(source), mediaType: 'application/octet-stream' },
        recipients: [...request.recipients.map((entry) => entry.der), ...me.ownCertificates],
        signer: me.signer,
        chain: me.chain,
        sizeHint: size,
        ...(request.control.signal === undefined ? {} : { signal: request.control.signal }),
      });
      refs.push(await transfer.upload(output, request.control));
    }
    return refs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
