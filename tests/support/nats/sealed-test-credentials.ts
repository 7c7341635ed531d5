// STAND-IN, for tests only: the credentials sealed in the live zone's real store as one record, the
// hand-over a plain JSON file instead of the officer's container encrypted to the user (the core
// assembles the officer's SealedCredentialsStore and importCredentials; this keeps the zone test
// free of a second token and the officer's command). What the
// tests prove with it is the service's side: it reads the zone's store, connects, zeroes its copy.
import { readFile } from 'node:fs/promises';
import type { CredentialsImport, InboxReceiver, MessagingParts, MessagingZone, OutboxFlush } from '../../../electron/core/messaging/messaging-parts.js';
import type { CredentialsSource, MessagingCredentials } from '../../../electron/core/messaging/messaging-ports.js';
import type { Inbox } from '../../../electron/core/messaging/inbox.js';
import { SealedOutbox } from '../../../electron/core/messaging/sealed-outbox.js';
import type { SealedStore } from '../../../electron/core/store/sealed-store.js';

const COLLECTION = 'test-messaging-credentials';

interface SealedCredentials {
  readonly user: string;
  readonly device: string;
  readonly seed: string;
  readonly servers: readonly string[];
  readonly rootsPem: string;
}

export class SealedTestCredentials implements CredentialsSource {
  /** Every credentials object handed out, so a test can check the service zeroed its seed. */
  static readonly handedOut: MessagingCredentials[] = [];

  constructor(private readonly store: SealedStore) {}

  load(): Promise<MessagingCredentials | undefined> {
    const record = this.store.list<SealedCredentials>(COLLECTION).at(-1);
    if (record === undefined) return Promise.resolve(undefined);
    const { seed, ...rest } = record.value;
    const credentials = { ...rest, seed: new Uint8Array(Buffer.from(seed, 'base64')) };
    SealedTestCredentials.handedOut.push(credentials);
    return Promise.resolve(credentials);
  }

  seal(credentials: SealedCredentials): void {
    this.store.put(COLLECTION, credentials);
  }
}

/** The hand-over file the stand-in importer reads: SealedCredentials as JSON (seed in base64). */
export function testHandOver(credentials: Omit<SealedCredentials, 'seed'> & { readonly seed: Uint8Array }): string {
  return JSON.stringify({ ...credentials, seed: Buffer.from(credentials.seed).toString('base64') });
}

function testImporter(zone: MessagingZone): CredentialsImport {
  return {
    importCredentials: async (path) => {
      const credentials = JSON.parse(await readFile(path, 'utf8')) as SealedCredentials;
      new SealedTestCredentials(zone.store).seal(credentials);
      return { user: credentials.user, servers: credentials.servers };
    },
  };
}

/** The two credential parts, as the officer's will be plugged in (messaging/capability.ts). */
export const testCredentialParts: MessagingParts = {
  credentials: (zone) => new SealedTestCredentials(zone.store),
  importCredentials: testImporter,
};

// STAND-INS too, until the receive pipeline ("recv") and the outbox sender ("send") are on main:
// the real Inbox and SealedOutbox, none of the verifying, decrypting or storing around them.

/** Publishes what the zone's sealed outbox holds, each under its message id, and marks it sent. */
export function testOutboxFlushFor(zone: MessagingZone): OutboxFlush {
  const outbox = new SealedOutbox(zone.store);
  return {
    flush: async (inbox) => {
      for (const entry of outbox.pending()) {
        if (outbox.beginSend(entry.messageId) === undefined) continue;
        for (const recipient of entry.recipients) await inbox.publish(recipient, entry.precedence, entry.messageId, entry.message);
        outbox.markSent(entry.messageId, new Date().toISOString());
      }
    },
  };
}

/**
 * Fetches a batch, notes each message id in `received`, acks it. Its release proves the connection
 * still lives when the service asks: it publishes a marker to the user's own inbox, and notes
 * 'released' only once the server stored it.
 */
export function testReceiver(received: string[]): InboxReceiver {
  let last: Inbox | undefined;
  return {
    release: async () => {
      await last?.publish('an', 'thuong', `released-${received.length}-${Date.now()}@airlock.test`, new Uint8Array([1]));
      received.push('released');
    },
    receiveBatch: async (inbox) => {
      last = inbox;
      const batch = await inbox.fetch(20);
      for (const message of batch) {
        received.push(message.msgId);
        await message.ack();
      }
      return batch.length;
    },
  };
}
