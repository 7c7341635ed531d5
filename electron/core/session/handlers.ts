import type { HandlersOf } from '../ipc/handlers-of.js';
import type { WorkstationSession } from './workstation-session.js';

export function sessionHandlers(session: WorkstationSession): HandlersOf<'session'> {
  return {
    state: () => session.state(),
    lock: () => session.lock('manual'),
    unlock: (request) => session.unlock(request),
  };
}
