import { TOUR_STEP_IDS, type TourStepId } from '../../../shared/domain/tour.js';
import type { AuditEntryView, AuditKind } from '../../../shared/domain/audit.js';
import type { TourProgress } from '../../../shared/ipc/contracts/training.js';
import type { AuditCheck } from '../audit/audit-service.js';
import { DomainError } from '../domain-error.js';
import type { EventBus } from '../event-bus.js';
import { TOUR_STEPS, type TourFacts, type TourStepCheck } from './tour-steps.js';

/** What the tour reads: the audit log (readable while unlocked), the log's integrity checks, the session. */
export interface GuidedTourDeps {
  readonly training: boolean;
  readonly audit: {
    query(filter: { from?: string; kind?: AuditKind; limit: number }): AuditEntryView[];
    checkCount(): number;
    checksAfter(count: number): readonly AuditCheck[];
    observe(observer: () => void): () => void;
  };
  /** Told after every audit event: the moment to look again. */
  readonly trail: { observe(observer: () => void): () => void };
  readonly session: { state(): { readonly locked: boolean } };
  readonly events: EventBus;
  readonly steps?: { readonly [id in TourStepId]: TourStepCheck };
  readonly now?: () => Date;
}

interface Running {
  readonly startedAt: string;
  /** The audit service's check count at the start: only checks after it count. */
  readonly checksAtStart: number;
  /** The log's newest entry at the start, when it was readable: only later entries count (a number, so one in the same millisecond is not taken for later). */
  readonly seqAtStart: number;
  readonly unlockedAtStart: boolean;
  /** Steps seen done, with when: kept while locked, when the log cannot be read, and after. */
  readonly done: Map<TourStepId, string>;
}

/** More entries of one kind than a tour could need: the log is asked for the newest this many. */
const ENTRIES_PER_KIND = 1000;

/**
 * The guided tour of a training workstation, kept in the core for the app's run: each step is
 * judged from the audit log's entries since the tour started, the log's integrity checks and the
 * session, never from the renderer. A step once seen done stays done, so the progress survives
 * the locks that unlocking, switching zones and leaving the desk bring; while the log is locked
 * the last progress is what is shown. Every change is pushed as 'training.tourChanged'.
 */
export class GuidedTour {
  #running: Running | undefined;
  #scheduled = false;
  readonly #steps: { readonly [id in TourStepId]: TourStepCheck };
  readonly #now: () => Date;

  constructor(private readonly deps: GuidedTourDeps) {
    this.#steps = deps.steps ?? TOUR_STEPS;
    this.#now = deps.now ?? (() => new Date());
    if (!deps.training) return;
    const look = (): void => this.#schedule();
    deps.trail.observe(look);
    deps.audit.observe(look);
  }

  start(): TourProgress {
    this.#assertTraining();
    this.#running = {
      startedAt: this.#now().toISOString(),
      checksAtStart: this.deps.audit.checkCount(),
      seqAtStart: this.#newestSeq(),
      unlockedAtStart: !this.deps.session.state().locked,
      done: new Map(),
    };
    this.#look();
    this.#announce();
    return this.progress();
  }

  end(): TourProgress {
    this.#assertTraining();
    this.#running = undefined;
    this.#announce();
    return this.progress();
  }

  progress(): TourProgress {
    this.#assertTraining();
    this.#look();
    return this.#view();
  }

  #view(): TourProgress {
    const running = this.#running;
    if (running === undefined) return { active: false };
    return {
      active: true,
      startedAt: running.startedAt,
      steps: TOUR_STEP_IDS.map((id) => {
        const doneAt = running.done.get(id);
        return doneAt === undefined ? { id, done: false } : { id, done: true, doneAt };
      }),
    };
  }

  /** Coalesces the audit events of one burst (a zone switch records a dozen) into one look. */
  #schedule(): void {
    if (this.#running === undefined || this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      try {
        if (this.#look()) this.#announce();
      } catch {
        // The log closed under the look (a stop, a lock mid-way): the next event or question judges again.
      }
    });
  }

  /** Judges the steps not yet done; says whether one became done. */
  #look(): boolean {
    const running = this.#running;
    if (running === undefined) return false;
    const pending = TOUR_STEP_IDS.filter((id) => !running.done.has(id));
    if (pending.length === 0) return false;
    const entries = this.#entriesSince(running, [...new Set(pending.flatMap((id) => this.#steps[id].kinds))]);
    if (entries === undefined) return false;
    const facts: TourFacts = { entries, unlockedAtStart: running.unlockedAtStart, auditChecks: this.deps.audit.checksAfter(running.checksAtStart) };
    const at = this.#now().toISOString();
    let changed = false;
    for (const id of pending) {
      if (!this.#steps[id].done(facts)) continue;
      running.done.set(id, at);
      changed = true;
    }
    return changed;
  }

  /** Entries of these kinds recorded after the start and that happened after it (an event recorded late counts at the time it happened); undefined while the log is locked. */
  #entriesSince({ startedAt, seqAtStart }: Running, kinds: readonly AuditKind[]): AuditEntryView[] | undefined {
    try {
      const entries = kinds.flatMap((kind) => this.deps.audit.query({ from: startedAt, kind, limit: ENTRIES_PER_KIND }));
      return entries.filter((entry) => entry.seq > seqAtStart && String(entry.details['occurredAt'] ?? entry.at) >= startedAt).sort((a, b) => a.seq - b.seq);
    } catch (error) {
      // Locked (store.locked) or unreadable (store.tampered: the audit screen's check says which entry): judge nothing now.
      if (error instanceof DomainError) return undefined;
      throw error;
    }
  }

  /** The log's newest entry now; 0 while it is locked: then the time alone tells, as nothing reaches the log before an unlock. */
  #newestSeq(): number {
    try {
      return this.deps.audit.query({ limit: 1 })[0]?.seq ?? 0;
    } catch (error) {
      if (error instanceof DomainError) return 0;
      throw error;
    }
  }

  #announce(): void {
    this.deps.events.emit('training.tourChanged', this.#view());
  }

  #assertTraining(): void {
    if (!this.deps.training) throw new DomainError('training.notActive');
  }
}
