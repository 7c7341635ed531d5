import type { SignatureAppearance, SignatureReport, SigningPreview } from '../../../../shared/domain/signature.js';
import type { EventPayload } from '../../../../shared/ipc/contract.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { isEventOf } from '../../job-id.js';
import { documentJobActions, type DocumentJob } from '../documents/document-job.js';

// Pure module: the Sign documents screen's state and what its buttons do (signing.* channels).
// Type-only shared imports, so zod stays out of the bundle.

/** A file chosen on the screen: its path, and main's answer about it (null while asked). */
export interface ChosenFile {
  readonly path: string;
  readonly preview: SigningPreview | null;
}

/** A signed file or a received one, checked: the file, its preview (a PDF's bytes) and the report. */
export interface CheckedFile {
  readonly path: string;
  /** The PDF shown beside the signatures: the file itself, or the file a .p7s signs. */
  readonly preview: SigningPreview | null;
  readonly report: SignatureReport | null;
}

export interface SigningState {
  /** Whether main can draw a visible signature block (signing.options). */
  readonly visibleAvailable: boolean;
  /** Whether the live zone's policy names a timestamp authority (signing.options; asked again on each visit). */
  readonly timestampAvailable: boolean;
  /** The token's signing key asks its PIN for each signature (signing.options; also learnt from a refusal). */
  readonly pinPerSignature: boolean;
  /** Why the last PIN for a signature was not taken (wrong, or none given): shown at the PIN field, with the tries left. */
  readonly pinRefusal: IpcError | null;
  readonly source: ChosenFile | null;
  readonly job: DocumentJob | null;
  /** The new signed file, checked as a receiver would check it. */
  readonly signed: CheckedFile | null;
  /** A received file opened in the check section. */
  readonly checked: CheckedFile | null;
}

export const NO_SIGNING: SigningState = { visibleAvailable: false, timestampAvailable: false, pinPerSignature: false, pinRefusal: null, source: null, job: null, signed: null, checked: null };

export interface SignForm {
  /** Absent: main's default beside the source ("x (đã ký).pdf", "x.p7s"). */
  readonly output?: string;
  readonly appearance: SignatureAppearance;
  /** Add a trusted time from the live zone's authority. */
  readonly timestamp: boolean;
  /** The token's PIN for this signature, when the key asks it (pinPerSignature); taken from its field at submit. */
  readonly pin?: string;
}

export interface SigningDeps {
  readonly options: () => Promise<Reply<{ visible: boolean; timestamp: boolean; pinPerSignature: boolean }>>;
  readonly preview: (path: string) => Promise<Reply<SigningPreview>>;
  readonly sign: (source: string, form: SignForm, job: string) => Promise<Reply<{ job: string }>>;
  readonly cancel: (job: string) => Promise<Reply<{ cancelled: boolean }>>;
  readonly verify: (path: string, content: string | undefined) => Promise<Reply<SignatureReport>>;
  readonly current: () => SigningState;
  readonly show: (state: SigningState) => void;
  readonly fail: (error: IpcError) => void;
}

/** The file a .p7s signs, by default: its own name without ".p7s" (as main assumes too). */
export function signedContentOf(path: string): string | null {
  return /\.p7s$/i.test(path) ? path.slice(0, -4) : null;
}

export const isPdfPath = (path: string): boolean => /\.pdf$/i.test(path);

/** A signature refused for its PIN (wrong, or not given): the form comes back with the file still chosen, to type it (again). */
const PIN_REFUSALS: readonly string[] = ['token.pinIncorrect', 'token.contextPinRequired'];

export function signingActions(deps: SigningDeps) {
  const update = (part: Partial<SigningState>) => deps.show({ ...deps.current(), ...part });
  const job = documentJobActions({ cancel: deps.cancel, current: () => deps.current().job, show: (value) => update({ job: value }) });
  const backToPin = (): void => {
    const ended = deps.current().job;
    if (ended?.status === 'failed' && PIN_REFUSALS.includes(ended.error.code)) update({ job: null, pinPerSignature: true, pinRefusal: ended.error });
  };

  /** Preview and report asked together; `where` says which field of the state they land in (if it still holds this path). */
  const check = async (where: 'signed' | 'checked', path: string, content: string | undefined): Promise<void> => {
    update({ [where]: { path, preview: null, report: null } });
    const shown = content ?? signedContentOf(path) ?? path;
    const [preview, report] = await Promise.all([isPdfPath(shown) ? deps.preview(shown) : Promise.resolve(null), deps.verify(path, content)]);
    if (deps.current()[where]?.path !== path) return;
    if (!report.ok) {
      update({ [where]: null });
      deps.fail(report.error);
      return;
    }
    update({ [where]: { path, preview: preview?.ok === true ? preview.value : null, report: report.value } });
  };

  return {
    loadOptions: async (): Promise<void> => {
      const reply = await deps.options();
      if (reply.ok) update({ visibleAvailable: reply.value.visible, timestampAvailable: reply.value.timestamp, pinPerSignature: reply.value.pinPerSignature });
    },
    chooseSource: async (path: string): Promise<void> => {
      update({ source: { path, preview: null }, job: null, signed: null });
      const reply = await deps.preview(path);
      if (deps.current().source?.path !== path) return;
      if (reply.ok) update({ source: { path, preview: reply.value } });
      else {
        update({ source: null });
        deps.fail(reply.error);
      }
    },
    sign: async (form: SignForm): Promise<void> => {
      const source = deps.current().source;
      if (source === null) return;
      update({ pinRefusal: null });
      await job.start((id) => deps.sign(source.path, form, id));
      backToPin();
    },
    cancel: job.cancel,
    progressed: job.progressed,
    /** The job's end; a signed file is then checked at once, as its receiver will check it. */
    finished: (event: EventPayload<'documents.finished'>): void => {
      const running = deps.current().job;
      const mine = isEventOf(running?.status === 'running' ? running : null, event);
      job.finished(event);
      if (mine && event.ok) void check('signed', event.output, undefined);
      if (mine && !event.ok) backToPin();
    },
    /** Back to an empty form: another file to sign. */
    again: () => update({ source: null, job: null, signed: null, pinRefusal: null }),
    check: (path: string, content?: string) => check('checked', path, content),
    closeCheck: () => update({ checked: null }),
  };
}
