import { z } from 'zod';
import { AuditEntryView, AuditExportResult, AuditQuery, AuditVerdict } from '../../domain/audit.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

export const auditChannels = {
  audit: {
    query: defineChannel(AuditQuery, z.array(AuditEntryView)),
    verify: defineChannel(NoParams, AuditVerdict),
    /** Writes a report signed by the token for the inspector; answers where it is. */
    export: defineChannel(z.strictObject({ from: z.iso.datetime(), to: z.iso.datetime() }), AuditExportResult),
  },
} as const;
