import type { Slice } from '../slice.js';
import { NO_SIGNING, signingActions, type SignForm, type SigningState } from './signing.js';

// The Sign documents screen: a file signed on the token as a new file, then checked; a received
// signed file checked. Emptied at every lock (file names and signers go with it).

export interface SigningSliceState {
  readonly signing: SigningState;
}

export interface SigningActions {
  readonly loadSigningOptions: () => Promise<void>;
  /** A path chosen or dropped: main answers its name, size and a PDF's bytes for the preview. */
  readonly chooseSigningSource: (path: string) => Promise<void>;
  readonly signDocument: (form: SignForm) => Promise<void>;
  readonly cancelSigning: () => Promise<void>;
  readonly signAnother: () => void;
  /** A received signed PDF, or a .p7s (with the file it signs; absent: its name without ".p7s"). */
  readonly checkSignature: (path: string, content?: string) => Promise<void>;
  readonly closeSignatureCheck: () => void;
}

export const signingSlice: Slice<SigningSliceState, SigningActions> = {
  initial: { signing: NO_SIGNING },
  atLock: { signing: 'reset' },
  busy: [],
  create: ({ api, get, set, settle, fail, fresh }) => {
    const signing = signingActions({
      options: () => settle(() => api.signing.options({})),
      preview: (path) => settle(() => api.signing.preview({ path })),
      sign: (source, form, job) => settle(() => api.signing.sign({ source, ...(form.output === undefined ? {} : { output: form.output }), appearance: form.appearance, ...(form.timestamp ? { timestamp: true } : {}), ...(form.pin === undefined ? {} : { pin: form.pin }), job })),
      cancel: (job) => settle(() => api.signing.cancel({ job })),
      verify: (path, content) => settle(() => api.signing.verify(content === undefined ? { path } : { path, content })),
      current: () => get().signing,
      show: (state) => set({ signing: state }),
      fail,
    });
    return {
      actions: {
        loadSigningOptions: signing.loadOptions,
        chooseSigningSource: fresh(signing.chooseSource),
        signDocument: fresh(signing.sign),
        cancelSigning: signing.cancel,
        signAnother: signing.again,
        checkSignature: fresh(signing.check),
        closeSignatureCheck: signing.closeCheck,
      },
      // Signing is a document job: the documents.* events, taken only for this screen's own job id.
      events: (on) => [on('documents.progress', signing.progressed), on('documents.finished', signing.finished)],
    };
  },
};
