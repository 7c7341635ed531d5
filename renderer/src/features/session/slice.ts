import type { Language } from '../../../../shared/domain/language.js';
import type { SessionState } from '../../../../shared/domain/session.js';
import type { TokenRef, TokenServiceStatus, TokenSummary } from '../../../../shared/domain/token.js';
import type { AppInfo } from '../../../../shared/ipc/contract.js';
import { DEFAULT_LANGUAGE } from '../../i18n/catalog.js';
import type { Slice } from '../slice.js';

// The session: locked or not, the tokens to unlock with, the token service, the language, the app.
// All of it is kept while locked: it is what the lock screen shows.

export interface SessionSliceState {
  readonly language: Language;
  /** Null until the core has answered: the UI shows neither screens nor the lock button before that. */
  readonly session: SessionState | null;
  readonly appInfo: AppInfo | null;
  /** The tokens plugged in, as the core last said; null until it has answered. */
  readonly tokens: readonly TokenSummary[] | null;
  /** Restarting after its process died: the lock screen says so instead of "plug your token in". */
  readonly tokenService: TokenServiceStatus | null;
}

export interface SessionActions {
  readonly lock: () => Promise<void>;
  /**
   * PINs pass through as arguments only: never kept in the state, never logged. No PIN means the
   * reader's own PIN pad. Never retried: each attempt may use up one of the token's tries.
   */
  readonly unlock: (token: TokenRef, pin?: string) => Promise<void>;
  readonly setLanguage: (language: Language) => Promise<void>;
}

export type SessionBusy = 'lock' | 'unlock' | 'language';

export const sessionSlice: Slice<SessionSliceState, SessionActions, SessionBusy> = {
  initial: { language: DEFAULT_LANGUAGE, session: null, appInfo: null, tokens: null, tokenService: null },
  atLock: { language: 'kept', session: 'kept', appInfo: 'kept', tokens: 'kept', tokenService: 'kept' },
  busy: ['lock', 'unlock', 'language'],
  create: ({ api, run, fed, set, exclusive, withSession, clearError }) => ({
    actions: {
      lock: () =>
        exclusive('lock', async () => {
          clearError();
          await run('session', () => api.session.lock({}), withSession);
        }),
      unlock: (token, pin) =>
        exclusive('unlock', async () => {
          clearError();
          // Only the two fields the contract names: its strict schema refuses anything more.
          const ref = { serial: token.serial, label: token.label };
          await run('session', () => api.session.unlock(pin === undefined ? { token: ref } : { token: ref, pin }), withSession);
        }),
      // The core owns the setting (it needs the language too); the UI shows what the core answers.
      // An earlier error stays up, so it can be read again in the other language.
      setLanguage: (language) =>
        exclusive('language', async () => {
          await run('language', () => api.settings.setLanguage({ language }), (settings) => ({ language: settings.language }));
        }),
    },
    events: (on) => [
      on('session.changed', (session) => {
        fed('session');
        set(withSession(session));
      }),
      on('settings.changed', (settings) => {
        fed('language');
        set({ language: settings.language });
      }),
      // Plugging a token in or pulling it out updates the lock screen while it is shown.
      on('tokens.changed', (tokens) => {
        fed('tokens');
        set({ tokens });
      }),
      on('tokenService.changed', (tokenService) => {
        fed('tokenService');
        set({ tokenService });
      }),
    ],
    load: () =>
      Promise.all([
        run(null, () => api.app.info({}), (appInfo) => ({ appInfo })),
        run('language', () => api.settings.get({}), (settings) => ({ language: settings.language })),
        run('session', () => api.session.state({}), withSession),
        run('tokens', () => api.token.list({}), (tokens) => ({ tokens })),
        run('tokenService', () => api.token.service({}), (tokenService) => ({ tokenService })),
      ]),
  }),
};
