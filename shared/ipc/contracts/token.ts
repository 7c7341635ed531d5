import { z } from 'zod';
import { TokenCertificate } from '../../domain/certificate.js';
import { Pin, TokenRef, TokenServiceStatus, TokenSummary } from '../../domain/token.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

export const tokenChannels = {
  token: {
    list: defineChannel(NoParams, z.array(TokenSummary)),
    changePin: defineChannel(z.strictObject({ token: TokenRef, oldPin: Pin, newPin: Pin }), z.strictObject({ changed: z.literal(true) })),
    certificates: defineChannel(z.strictObject({ token: TokenRef }), z.array(TokenCertificate)),
    /** Whether the token service is restarting after its process died (the lock screen says so). */
    service: defineChannel(NoParams, TokenServiceStatus),
  },
} as const;

export const tokenEvents = {
  'tokens.changed': z.array(TokenSummary),
  'tokenService.changed': TokenServiceStatus,
} as const;
