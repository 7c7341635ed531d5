import { z } from 'zod';
import { Language } from '../../domain/language.js';
import { SessionState } from '../../domain/session.js';
import { Pin, TokenRef } from '../../domain/token.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

export const Settings = z.strictObject({ language: Language });
export type Settings = z.infer<typeof Settings>;

/** The session (locked or not, unlocked with token + PIN) and the settings the unlock opens. */
export const sessionChannels = {
  session: {
    state: defineChannel(NoParams, SessionState),
    lock: defineChannel(NoParams, SessionState),
    /** Unlock = token + PIN. No PIN means the reader's PIN pad (protected authentication path). */
    unlock: defineChannel(z.strictObject({ token: TokenRef, pin: Pin.optional() }), SessionState),
  },
  settings: {
    get: defineChannel(NoParams, Settings),
    setLanguage: defineChannel(z.strictObject({ language: Language }), Settings),
  },
} as const;

export const sessionEvents = {
  'session.changed': SessionState,
  'settings.changed': Settings,
} as const;
