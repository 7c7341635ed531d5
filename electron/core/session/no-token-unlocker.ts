import { DomainError } from '../domain-error.js';
import type { Unlocker } from './workstation-session.js';

/** Stands in until the token service exists: a locked workstation stays locked until restart. */
export const noTokenUnlocker: Unlocker = {
  unlock(_request) {
    return Promise.reject(new DomainError('session.unlockUnavailable'));
  },
};
