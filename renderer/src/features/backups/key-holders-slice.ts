import type { KeyHoldersView } from '../../../../shared/domain/backup-key-holders.js';
import type { Slice } from '../slice.js';

// The Backups screen's "Key holders" section: who holds the key of the chosen place, adding one from
// a certificate file, removing one after a confirmation, a new key for new data. Each call opens
// the repository with the token (main), so the list is read when the section is shown, not at start.

export type KeyHolderChange = 'added' | 'removed' | 'rekeyed';

export interface KeyHoldersSliceState {
  /** The holders of `keyHoldersTarget` (null: not read yet). */
  readonly keyHolders: KeyHoldersView | null;
  readonly keyHoldersTarget: string | null;
  /** The fingerprint whose removal waits for the user's confirmation. */
  readonly keyHolderRemoving: string | null;
  /** What this window's last change did (said once, under the list). */
  readonly keyHolderChange: KeyHolderChange | null;
  /** The key generation this window's officer accepted after `backup.keyGenerationChanged` (said once, where the refusal was). */
  readonly keyGenerationAccepted: number | null;
}

export interface KeyHoldersActions {
  readonly loadKeyHolders: () => Promise<void>;
  readonly addKeyHolder: (certificate: string) => Promise<void>;
  readonly askRemoveKeyHolder: (fingerprint: string | null) => void;
  readonly confirmRemoveKeyHolder: () => Promise<void>;
  readonly rekeyBackups: () => Promise<void>;
  /** After the officer's confirmation: this workstation holds to the key found at the place now (docs "Accepting a new generation"). */
  readonly acceptKeyGeneration: () => Promise<void>;
}

export type KeyHoldersBusy = 'keyHolders';

export const keyHoldersSlice: Slice<KeyHoldersSliceState, KeyHoldersActions, KeyHoldersBusy> = {
  initial: { keyHolders: null, keyHoldersTarget: null, keyHolderRemoving: null, keyHolderChange: null, keyGenerationAccepted: null },
  atLock: { keyHolders: 'reset', keyHoldersTarget: 'reset', keyHolderRemoving: 'reset', keyHolderChange: 'reset', keyGenerationAccepted: 'reset' },
  busy: ['keyHolders'],
  create: ({ api, get, set, run, exclusive, fresh, watch }) => {
    /** One change at a time (a double click is not a second key file); the answer is the new list. */
    const change = (kind: KeyHolderChange, call: (target: string) => ReturnType<typeof api.backups.keyHolders>) =>
      exclusive('keyHolders', async () => {
        const target = get().backupTarget;
        if (target === null) return;
        set({ keyHolderChange: null });
        await run(null, () => call(target), (keyHolders) => ({ keyHolders, keyHoldersTarget: target, keyHolderRemoving: null, keyHolderChange: kind }));
      });
    // Another place chosen: its holders are other ones.
    watch((state, previous) => {
      if (state.backupTarget !== previous.backupTarget && state.keyHoldersTarget !== null) set({ keyHolders: null, keyHoldersTarget: null, keyHolderRemoving: null, keyHolderChange: null });
    });
    return {
      actions: {
        loadKeyHolders: async () => {
          const target = get().backupTarget;
          if (target !== null) await run(null, () => api.backups.keyHolders({ target }), (keyHolders) => ({ keyHolders, keyHoldersTarget: target }));
        },
        addKeyHolder: fresh((certificate: string) => change('added', (target) => api.backups.addKeyHolder({ target, certificate }))),
        askRemoveKeyHolder: (fingerprint) => set({ keyHolderRemoving: fingerprint, keyHolderChange: null }),
        confirmRemoveKeyHolder: fresh(async () => {
          const fingerprint = get().keyHolderRemoving;
          if (fingerprint !== null) await change('removed', (target) => api.backups.removeKeyHolder({ target, fingerprint }));
        }),
        rekeyBackups: fresh(() => change('rekeyed', (target) => api.backups.rekey({ target }))),
        // The refusal is answered: it leaves the job panel, the place's holders are the accepted ones.
        acceptKeyGeneration: fresh(() =>
          exclusive('keyHolders', async () => {
            const target = get().backupTarget;
            if (target === null) return;
            const accepted = await run(null, () => api.backups.acceptKeyGeneration({ target }), (keyHolders) => ({ keyHolders, keyHoldersTarget: target, keyHolderChange: null, keyGenerationAccepted: keyHolders.generation, backupOutcome: null }));
            // The backups at the place could not be listed while it was refused.
            if (accepted) await get().loadBackups();
          }),
        ),
      },
    };
  },
};
