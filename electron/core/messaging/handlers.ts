import type { HandlersOf } from '../ipc/handlers-of.js';
import type { MessageJobs } from './message-jobs.js';
import type { MessagingFacade } from './messaging-ports.js';

/** The Messages screen's channels; the locked check and the payload schemas are the dispatcher's. */
export function messagingHandlers(messaging: MessagingFacade, jobs: MessageJobs): HandlersOf<'messages'> {
  return {
    status: () => messaging.status(),
    inbox: (request) => messaging.inbox(request),
    open: ({ id }) => messaging.open(id),
    thread: ({ id }) => messaging.thread(id),
    compose: (request) => jobs.start(request),
    cancelCompose: ({ job }) => ({ cancelled: jobs.cancel(job) }),
    sent: ({ cursor }) => messaging.sent(cursor),
    verifyReceipt: ({ messageId, reader }) => messaging.verifyReceipt(messageId, reader),
    fetchAttachment: ({ id, index, job }) => jobs.fetch(job, (control) => messaging.fetchAttachment(id, index, control)),
    importCredentials: async ({ path }) => {
      const { user, servers } = await messaging.importCredentials(path);
      return { user, servers: [...servers] };
    },
  };
}
