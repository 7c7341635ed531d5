import type { BackupSettings } from './sealed-backup-settings.js';

export interface ScheduleDeps {
  /** Whether the workstation is unlocked (the schedule runs only then: the token's keys are needed). */
  readonly unlocked: () => boolean;
  readonly settings: () => BackupSettings;
  /** Starts a scheduled run as a job; answers when it has ended (either way). */
  readonly run: (target: string) => Promise<unknown>;
  readonly now?: () => Date;
  readonly tickMs?: number;
}

/** Whether a scheduled run is due: a schedule set, and no scheduled run within its period. */
export function scheduledRunDue(settings: BackupSettings, now: Date): string | undefined {
  const { everyHours, target } = settings.schedule;
  if (everyHours === 0 || target === null) return undefined;
  const last = settings.lastScheduled;
  if (last !== null && now.getTime() - Date.parse(last.at) < everyHours * 3_600_000) return undefined;
  return target;
}

/**
 * The app's own schedule (issue #16: "a schedule the app runs while unlocked"): looks every minute
 * whether a run is due, runs one at a time; its result is remembered by the service (lastScheduled).
 * A run that fails (a drive not plugged in) is remembered too, and tried again one period later.
 */
export class BackupScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running = false;

  constructor(private readonly deps: ScheduleDeps) {}

  start(): void {
    this.#timer ??= setInterval(() => void this.tick(), this.deps.tickMs ?? 60_000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One look (the timer's; tests call it directly). Answers the target run, if any. */
  async tick(): Promise<string | undefined> {
    if (this.#running || !this.deps.unlocked()) return undefined;
    let target: string | undefined;
    try {
      target = scheduledRunDue(this.deps.settings(), this.deps.now?.() ?? new Date());
    } catch {
      return undefined; // the settings store is locked between the check and the read
    }
    if (target === undefined) return undefined;
    this.#running = true;
    try {
      await this.deps.run(target);
    } catch {
      // Remembered and audited by the service; the next period tries again.
    } finally {
      this.#running = false;
    }
    return target;
  }
}
