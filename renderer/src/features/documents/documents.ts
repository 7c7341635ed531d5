import type { DocumentReport, InboxListing, RecentDocumentView } from '../../../../shared/domain/document.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { documentJobActions, type DocumentJob } from './document-job.js';
import { baseNameOf } from '../../../../shared/domain/file-name.js';

// Pure module: the Documents screen's state and actions, kept out of store.ts as zone-switch.ts
// is. Type-only shared imports, so zod stays out of the bundle.

/** What the viewer shows: decoded text, an image by blob URL (made in the component), a PDF drawn by pdf.js, or nothing it can show. */
export type DocumentView =
  | { readonly status: 'loading' }
  | { readonly status: 'text'; readonly text: string }
  | { readonly status: 'image'; readonly mediaType: string; readonly bytes: Uint8Array }
  | { readonly status: 'pdf'; readonly bytes: Uint8Array }
  | { readonly status: 'unsupported'; readonly mediaType: string };

/** A container opened before, as main keeps it (sealed); reopening runs every check again. */
export type RecentDocument = RecentDocumentView;

/** The document open now (its plaintext stays in main until closed), the recent list as main last said, the last export. */
export interface DocumentsState {
  readonly opened: DocumentReport | null;
  readonly view: DocumentView | null;
  readonly exported: string | null;
  readonly recent: readonly RecentDocument[];
  /** Whether the shell has native dialogs, and the folders main writes to and lists; null until asked. */
  readonly places: Places | null;
  /** The inbox folder's containers as main last listed them; null until asked. */
  readonly inbox: InboxListing | null;
  /** A container too large for the viewer, offered for decrypting to a file instead. */
  readonly tooLarge: string | null;
  /** That decryption, a job like encrypting. */
  readonly decryption: DocumentJob | null;
}

/** files.places: the shell's dialogs, the folder for decrypted files, the inbox folder. */
export interface Places {
  readonly dialogs: boolean;
  readonly exports: string;
  readonly inbox: string;
}

export const NO_DOCUMENTS: DocumentsState = { opened: null, view: null, exported: null, recent: [], places: null, inbox: null, tooLarge: null, decryption: null };

type Chosen = Reply<{ available: boolean; path: string | null }>;

/** Where a decrypted file goes: a path the user chose, or a folder (named after the sender's file). */
export type ExportTarget = { readonly path: string } | { readonly folder: string };

export interface DocumentsDeps {
  readonly chooseSave: (suggestedName: string) => Promise<Chosen>;
  readonly open: (path: string) => Promise<Reply<DocumentReport>>;
  readonly view: (viewId: string) => Promise<Reply<{ mediaType: string; data: string }>>;
  readonly close: (viewId: string) => Promise<Reply<{ closed: boolean }>>;
  readonly export: (viewId: string, path: string) => Promise<Reply<{ path: string }>>;
  readonly recent: () => Promise<Reply<RecentDocument[]>>;
  readonly places: () => Promise<Reply<Places>>;
  readonly inbox: () => Promise<Reply<InboxListing>>;
  /** null: the whole list. */
  readonly forgetRecent: (path: string | null) => Promise<Reply<{ removed: number }>>;
  /** `job`: the id this window chose for the job (job-id.ts). */
  readonly decrypt: (source: string, target: ExportTarget, job: string) => Promise<Reply<{ job: string }>>;
  readonly cancelDecryption: (job: string) => Promise<Reply<{ cancelled: boolean }>>;
  readonly current: () => DocumentsState;
  readonly show: (state: DocumentsState) => void;
  readonly fail: (error: IpcError) => void;
}

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Text in UTF-8 (invalid bytes shown as �); raster images; PDF; anything else cannot be shown here. */
export function viewOf(mediaType: string, bytes: Uint8Array): DocumentView {
  const base = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (base.startsWith('text/')) return { status: 'text', text: new TextDecoder('utf-8').decode(bytes) };
  if (IMAGE_TYPES.includes(base)) return { status: 'image', mediaType: base, bytes };
  if (base === 'application/pdf') return { status: 'pdf', bytes };
  return { status: 'unsupported', mediaType: base };
}

/** The container's name without its .alc, as the save dialog's first suggestion. */
function suggestedPlaintextName(containerPath: string): string {
  const name = baseNameOf(containerPath);
  return name.toLowerCase().endsWith('.alc') ? name.slice(0, -4) : `${name}.decrypted`;
}

function fromBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function documentActions(deps: DocumentsDeps) {
  const update = (part: Partial<DocumentsState>) => deps.show({ ...deps.current(), ...part });
  const decryption = documentJobActions({ cancel: deps.cancelDecryption, current: () => deps.current().decryption, show: (job) => update({ decryption: job }) });
  const loadRecent = async (): Promise<void> => {
    const reply = await deps.recent();
    if (reply.ok) update({ recent: reply.value });
    else deps.fail(reply.error);
  };

  const openPath = async (path: string): Promise<void> => {
    const previous = deps.current().opened;
    if (previous !== null) await deps.close(previous.viewId);
    update({ opened: null, view: null, exported: null, tooLarge: null, decryption: null });
    const reply = await deps.open(path);
    // Too large to hold in memory for the viewer: it can still be decrypted to a file.
    if (!reply.ok && reply.error.code === 'document.tooLargeForViewer') return update({ tooLarge: path });
    if (!reply.ok) return deps.fail(reply.error);
    update({ opened: reply.value });
    // Main remembered it (or moved it to the top): its list is the one shown.
    await loadRecent();
  };

  return {
    openPath,
    loadRecent,
    /** Decrypts the too-large container to `target`, or (null) to where the shell's save dialog says. */
    decryptToFile: async (target: ExportTarget | null): Promise<void> => {
      const source = deps.current().tooLarge;
      if (source === null) return;
      let chosen: ExportTarget | null = target;
      if (chosen === null) {
        const reply = await deps.chooseSave(suggestedPlaintextName(source));
        if (!reply.ok) return deps.fail(reply.error);
        if (reply.value.path === null) return;
        chosen = { path: reply.value.path };
      }
      const output = chosen;
      await decryption.start((job) => deps.decrypt(source, output, job));
    },
    /** Asked when the Documents or Token screen mounts: the chooser to use and the folders to propose. */
    loadPlaces: async (): Promise<void> => {
      const reply = await deps.places();
      if (reply.ok) update({ places: reply.value });
      else deps.fail(reply.error);
    },
    /** Lists the inbox again (at the screen's arrival and on "Refresh"); main reads the folder. */
    loadInbox: async (): Promise<void> => {
      const reply = await deps.inbox();
      if (reply.ok) update({ inbox: reply.value });
      else deps.fail(reply.error);
    },
    cancelDecryption: decryption.cancel,
    decryptionProgressed: decryption.progressed,
    decryptionFinished: decryption.finished,
    dismissTooLarge: () => update({ tooLarge: null, decryption: null }),
    forgetRecent: async (path: string | null): Promise<void> => {
      const reply = await deps.forgetRecent(path);
      if (!reply.ok) return deps.fail(reply.error);
      await loadRecent();
    },
    showContent: async (): Promise<void> => {
      const opened = deps.current().opened;
      if (opened === null) return;
      update({ view: { status: 'loading' } });
      const reply = await deps.view(opened.viewId);
      if (deps.current().opened?.viewId !== opened.viewId) return;
      if (!reply.ok) {
        update({ view: null });
        return deps.fail(reply.error);
      }
      update({ view: viewOf(reply.value.mediaType, fromBase64(reply.value.data)) });
    },
    close: async (): Promise<void> => {
      const opened = deps.current().opened;
      update({ opened: null, view: null, exported: null });
      if (opened !== null) await deps.close(opened.viewId);
    },
    exportTo: async (path: string | null): Promise<void> => {
      const opened = deps.current().opened;
      if (opened === null) return;
      let target = path;
      if (target === null) {
        const chosen = await deps.chooseSave(opened.fileName);
        if (!chosen.ok) return deps.fail(chosen.error);
        target = chosen.value.path;
        if (target === null) return;
      }
      const reply = await deps.export(opened.viewId, target);
      if (!reply.ok) return deps.fail(reply.error);
      update({ exported: reply.value.path });
    },
  };
}
