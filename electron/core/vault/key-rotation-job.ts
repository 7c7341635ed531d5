import type { EventBus } from '../event-bus.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { DomainError } from '../domain-error.js';
import { jobIdFor } from '../job-id.js';
import { rotateDataKey, type LookupDerivations } from '../store/data-key-rotation.js';
import type { WorkstationVault } from './workstation-vault.js';

/**
 * The user-facing "rotate the data key" job: one at a time, progress as events naming the job, cancel between
 * batches, resumable. Rotates the settings store (and, once zones exist, the active zone's);
 * the audit file keeps its own key, so no entry is ever orphaned.
 */
export class KeyRotationJob {
  #running: AbortController | undefined;

  constructor(private readonly deps: { vault: WorkstationVault | undefined; events: EventBus; audit: AuditTrail; lookups: LookupDerivations }) {}

  /** `requested`: the renderer's id for the job, carried by every 'store.rotation' event (job-id.ts). */
  async run(requested?: string): Promise<{ finished: boolean; records: number }> {
    const vault = this.deps.vault;
    if (vault === undefined) throw new DomainError('store.locked');
    if (this.#running !== undefined) return { finished: false, records: 0 };
    // One rotation at a time (the line above), so no other rotation holds the id.
    const job = jobIdFor(requested, { has: () => false });
    const store = vault.settings;
    const controller = new AbortController();
    this.#running = controller;
    let records = 0;
    try {
      const { finished } = await rotateDataKey(store, vault.recipientsOf(store), {
        lookups: this.deps.lookups,
        signal: controller.signal,
        onProgress: ({ done, total }) => {
          records = done;
          this.deps.events.emit('store.rotation', { job, done, total });
        },
      });
      this.deps.audit.record('store.keyRotated', finished ? 'ok' : 'failed', { store: 'settings', records, ...(finished ? {} : { cancelled: true }) });
      return { finished, records };
    } catch (error) {
      this.deps.audit.record('store.keyRotated', 'failed', { store: 'settings', code: error instanceof DomainError ? error.code : 'store.unavailable' });
      throw error;
    } finally {
      this.#running = undefined;
    }
  }

  cancel(): { cancelled: boolean } {
    if (this.#running === undefined) return { cancelled: false };
    this.#running.abort();
    return { cancelled: true };
  }
}
