import type { z } from 'zod';
import type { Contract, EventPayload } from '../../../../shared/ipc/contract.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';
import { isEventOf, newJobId } from '../../job-id.js';

// Pure module: the store's data key rotation, kept out of store.ts as crl-import.ts is. Tests can
// run it under plain Node. The shared imports are type-only, so zod stays out of the bundle.

export type RotationProgress = EventPayload<'store.rotation'>;
type RotationAnswer = z.output<Contract['store']['rotateDataKey']['response']>;
type CancelAnswer = z.output<Contract['store']['cancelRotation']['response']>;

export type RunningRotation = { readonly status: 'running'; readonly job: string; readonly progress: RotationProgress | null; readonly stopping: boolean };

/**
 * Where the rotation stands. "stopped" is any unfinished answer: a Stop, or a core that was
 * already rotating for an earlier window. Either way the next call resumes where it stopped.
 */
export type KeyRotation =
  | RunningRotation
  | { readonly status: 'finished'; readonly records: number }
  | { readonly status: 'stopped' }
  | { readonly status: 'failed'; readonly error: IpcError };

/** What the store lends the rotation; passed in, so the actions hold no state of their own. */
export interface KeyRotationDeps {
  /** Both never throw: a broken bridge is a failed reply. */
  /** `job`: the id this window chose for the rotation (job-id.ts); its events carry it. */
  readonly rotate: (job: string) => Promise<Reply<RotationAnswer>>;
  readonly cancel: () => Promise<Reply<CancelAnswer>>;
  /** Runs `work` unless a rotation is already running: a second click does nothing. */
  readonly exclusive: (work: () => Promise<void>) => Promise<void>;
  /** Counts locks: an answer that arrives after one belongs to nobody and is dropped. */
  readonly locks: () => number;
  readonly current: () => KeyRotation | null;
  readonly show: (rotation: KeyRotation | null) => void;
  /** A failed Stop goes to the app's error alert: the rotation itself is still running. */
  readonly fail: (error: IpcError) => void;
}

export interface KeyRotationActions {
  readonly rotate: () => Promise<void>;
  readonly stop: () => Promise<void>;
  /** For the 'store.rotation' event. */
  readonly progressed: (progress: RotationProgress) => void;
}

function outcomeOf(reply: Reply<RotationAnswer>): KeyRotation {
  if (!reply.ok) return { status: 'failed', error: reply.error };
  return reply.value.finished ? { status: 'finished', records: reply.value.records } : { status: 'stopped' };
}

export function keyRotationActions(deps: KeyRotationDeps): KeyRotationActions {
  const running = (): RunningRotation | null => {
    const rotation = deps.current();
    return rotation?.status === 'running' ? rotation : null;
  };

  return {
    rotate: () =>
      deps.exclusive(async () => {
        const job = newJobId();
        deps.show({ status: 'running', job, progress: null, stopping: false });
        const locks = deps.locks();
        const reply = await deps.rotate(job);
        if (deps.locks() !== locks) return;
        deps.show(outcomeOf(reply));
      }),

    stop: async () => {
      const now = running();
      if (now === null || now.stopping) return;
      deps.show({ ...now, stopping: true });
      const locks = deps.locks();
      const reply = await deps.cancel();
      // "Not cancelled" means the core had just ended: the rotate reply, on its way, says how.
      if (reply.ok || deps.locks() !== locks) return;
      const still = running();
      if (still !== null) deps.show({ ...still, stopping: false });
      deps.fail(reply.error);
    },

    // Only this window's rotation, while its call runs: after a lock, or for a rotation this window
    // did not start (another window's, or before a reload), a count would stand alone with no
    // outcome ever following it.
    progressed: (progress) => {
      const now = running();
      if (now !== null && isEventOf(now, progress)) deps.show({ ...now, progress });
    },
  };
}
