import type { DispatcherLog } from '../core/ipc/dispatcher.js';
import type { TokenServiceLog } from '../core/token/token-service.js';

/**
 * Diagnostic log of the main process, one JSON object per line on stderr. It records channel
 * names and error codes, never request payloads (they may hold a PIN or classified text).
 */
export function createMainLog(write: (line: string) => void = (line) => process.stderr.write(line + '\n')): DispatcherLog & TokenServiceLog {
  const emit = (entry: Record<string, unknown>): void => write(JSON.stringify({ time: new Date().toISOString(), ...entry }));
  return {
    internalError(channel, error) {
      emit({ level: 'error', event: 'ipc.internal', channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    },
    refused(channel, code) {
      emit({ level: 'warn', event: 'ipc.refused', channel, code });
    },
    event(name, fields) {
      emit({ level: 'info', event: name, ...fields });
    },
  };
}
