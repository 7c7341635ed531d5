import { randomBytes } from 'node:crypto';
import { DomainError } from './domain-error.js';

/**
 * The id a long job runs under: the one its renderer chose (already checked by the contract as 32
 * hex digits), or a fresh random one. An id that names a running job is refused, so a start can
 * never take over another job's events or cancel.
 */
export function jobIdFor(requested: string | undefined, running: { has(job: string): boolean }): string {
  if (requested === undefined) return randomBytes(16).toString('hex');
  if (running.has(requested)) throw new DomainError('job.idInUse');
  return requested;
}
