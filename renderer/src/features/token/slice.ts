import type { TokenCertificate } from '../../../../shared/domain/certificate.js';
import type { TokenRef } from '../../../../shared/domain/token.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import { crlImporter, type CrlImportReport } from './crl-import.js';
import { keyRotationActions, type KeyRotation } from './key-rotation.js';
import { tokenKey } from '../../token-key.js';
import type { Slice } from '../slice.js';

// The Token screen: each token's certificates and their verdicts, the PIN change, the CRL import,
// the data key rotation. A lock empties it all: a verdict seen before is never shown as current.

/** One token's certificates as last asked. A failure stays with its token, not in lastError. */
export type CertificateLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly certificates: readonly TokenCertificate[] }
  | { readonly status: 'failed'; readonly error: IpcError };

export interface TokenSliceState {
  /** Keyed by tokenKey (serial + label). A token that leaves the list loses its entry. */
  readonly certificates: Readonly<Partial<Record<string, CertificateLoad>>>;
  /** How the last CRL import ended; null while one runs, and after a lock (an old result is not news). */
  readonly crlImport: CrlImportReport | null;
  /** The data key rotation this window started; null before one, and after a lock (as crlImport). */
  readonly keyRotation: KeyRotation | null;
}

export interface TokenActions {
  /** True when the core confirmed the change; false on any failure (then lastError says why). */
  readonly changePin: (token: TokenRef, oldPin: string, newPin: string) => Promise<boolean>;
  /** Asks the core for the certificates on `token` and their verdicts; the last request per token wins. */
  readonly loadCertificates: (token: TokenRef) => Promise<void>;
  /**
   * Has the core check and keep the CRL in `file` (see crl-import.ts); one at a time. A stored
   * CRL makes every token's certificates be asked for again, so the verdicts follow it.
   */
  readonly importCrl: (paths: readonly string[]) => Promise<void>;
  /**
   * Has the core re-encrypt the saved data under a new key (see key-rotation.ts); one at a time.
   * Progress comes as events; ends finished, stopped (resumable) or failed.
   */
  readonly rotateDataKey: () => Promise<void>;
  /** Asks the core to stop after the batch under way; the rotation's own reply then says "stopped". */
  readonly stopRotation: () => Promise<void>;
}

export type TokenBusy = 'changePin' | 'crlImport' | 'keyRotation';

export const tokenSlice: Slice<TokenSliceState, TokenActions, TokenBusy> = {
  initial: { certificates: {}, crlImport: null, keyRotation: null },
  atLock: { certificates: 'reset', crlImport: 'reset', keyRotation: 'reset' },
  busy: ['changePin', 'crlImport', 'keyRotation'],
  create: ({ api, get, set, settle, run, exclusive, locks, fail, clearError, watch }) => {
    // The request whose reply may still be applied, per token: a newer request, a lock or the
    // token's removal takes its ticket away, and the late reply then drops itself.
    const tickets = new Map<string, symbol>();
    const setCertificates = (key: string, load: CertificateLoad) => set((state) => ({ certificates: { ...state.certificates, [key]: load } }));
    // A token that leaves the list takes its verdicts (and pending request) with it.
    watch((state, previous) => {
      if (state.tokens === previous.tokens) return;
      const present = new Set((state.tokens ?? []).map((token) => tokenKey(token.ref)));
      for (const key of tickets.keys()) if (!present.has(key)) tickets.delete(key);
      if (Object.keys(state.certificates).some((key) => !present.has(key))) set({ certificates: Object.fromEntries(Object.entries(state.certificates).filter(([key]) => present.has(key))) });
    });
    const rotation = keyRotationActions({
      rotate: (job) => settle(() => api.store.rotateDataKey({ job })),
      cancel: () => settle(() => api.store.cancelRotation({})),
      exclusive: (work) => exclusive('keyRotation', work),
      locks,
      current: () => get().keyRotation,
      show: (keyRotation) => set({ keyRotation }),
      fail,
    });
    return {
      actions: {
        changePin: async (token, oldPin, newPin) => {
          let changed = false;
          await exclusive('changePin', async () => {
            clearError();
            const ref = { serial: token.serial, label: token.label };
            changed = await run(null, () => api.token.changePin({ token: ref, oldPin, newPin }), () => ({}));
          });
          return changed;
        },
        loadCertificates: async (token) => {
          const key = tokenKey(token);
          const ticket = Symbol(key);
          tickets.set(key, ticket);
          // A reload leaves a list up until the new one comes, so the section does not flicker; an
          // error gives way at once, so a retry is seen to do something.
          if (get().certificates[key]?.status !== 'loaded') setCertificates(key, { status: 'loading' });
          const ref = { serial: token.serial, label: token.label };
          const reply = await settle(() => api.token.certificates({ token: ref }));
          if (tickets.get(key) !== ticket) return;
          tickets.delete(key);
          setCertificates(key, reply.ok ? { status: 'loaded', certificates: reply.value } : { status: 'failed', error: reply.error });
        },
        importCrl: crlImporter({
          send: (paths) => settle(() => api.certificates.importCrlFiles({ paths: [...paths] })),
          exclusive: (work) => exclusive('crlImport', work),
          locks,
          show: (crlImport) => set({ crlImport }),
          recheck: () => {
            for (const token of get().tokens ?? []) void get().loadCertificates(token.ref);
          },
        }),
        rotateDataKey: rotation.rotate,
        stopRotation: rotation.stop,
      },
      // Counts of the rotation this window runs; any other count is dropped (key-rotation.ts).
      events: (on) => [on('store.rotation', rotation.progressed)],
      onLock: () => tickets.clear(),
    };
  },
};
