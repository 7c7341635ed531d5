import type { HandlersOf } from '../ipc/handlers-of.js';
import type { DocumentSigningService } from './signing-service.js';

export function signingHandlers(signing: DocumentSigningService): HandlersOf<'signing'> {
  return {
    options: async () => ({ visible: signing.visibleAvailable, timestamp: signing.timestampAvailable, pinPerSignature: await signing.pinPerSignature() }),
    // Not audited: the preview reads a file the user chose to sign or check; the signing and the check are audited.
    preview: async ({ path }) => {
      const { fileName, bytes, pdf } = await signing.preview(path);
      return { fileName, bytes, pdf };
    },
    sign: (request) => signing.start(request),
    cancel: ({ job }) => ({ cancelled: signing.cancel(job) }),
    verify: ({ path, content }) => signing.verify(path, content),
  };
}
