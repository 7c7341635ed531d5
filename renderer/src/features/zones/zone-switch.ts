import { SWITCH_STEPS, type SwitchStep } from '../../../../shared/domain/zone-vocabulary.js';
import type { StepProgress, WatchdogAlert, ZonesOverview, ZoneStatus } from '../../../../shared/domain/zone.js';
import type { TokenRef } from '../../../../shared/domain/token.js';
import type { IpcError } from '../../../../shared/ipc/errors.js';
import type { Reply } from '../../../../shared/ipc/reply.js';

// Pure module: the Zones screen's state and actions, kept out of store.ts as key-rotation.ts is.
// Type-only shared imports, so zod stays out of the bundle.

/** The steps in the order the core runs them (a zod-free shared constant). */
export const STEP_ORDER: readonly SwitchStep[] = SWITCH_STEPS;

export type StepState = StepProgress['state'] | 'waiting';

/**
 * The switch this window asked for. It survives the lock the switch itself causes: the lock
 * screen shows its steps and how it ended, so the user sees what happened before unlocking.
 */
export interface ZoneSwitchView {
  readonly target: string;
  readonly steps: Readonly<Record<SwitchStep, StepState>>;
  readonly outcome: { readonly status: 'running' } | { readonly status: 'done'; readonly zone: ZoneStatus } | { readonly status: 'failed'; readonly error: IpcError };
}

export interface ZoneSwitchDeps {
  readonly overview: () => Promise<Reply<ZonesOverview>>;
  readonly send: (request: { zone: string; reason: string; token: TokenRef; pin?: string }) => Promise<Reply<ZoneStatus>>;
  readonly exclusive: (work: () => Promise<void>) => Promise<void>;
  readonly current: () => ZoneSwitchView | null;
  readonly show: (view: ZoneSwitchView | null) => void;
  readonly showOverview: (overview: ZonesOverview) => void;
  readonly currentOverview: () => ZonesOverview | null;
  /** The newest alert, for the banner every screen shows until it is acknowledged. */
  readonly raise: (alert: WatchdogAlert) => void;
}

export interface ZoneSwitchActions {
  readonly load: () => Promise<void>;
  /** The PIN is an argument only; never kept. No PIN: the reader's PIN pad. */
  readonly switchTo: (zone: string, reason: string, token: TokenRef, pin?: string) => Promise<void>;
  readonly progressed: (progress: StepProgress) => void;
  readonly alerted: (alert: WatchdogAlert) => void;
  readonly dismiss: () => void;
}

const waiting = (): Record<SwitchStep, StepState> => Object.fromEntries(STEP_ORDER.map((step) => [step, 'waiting'])) as Record<SwitchStep, StepState>;

/** The steps as a window that joins at `step` can know them: every earlier one has finished. */
const joinedAt = (step: SwitchStep): Record<SwitchStep, StepState> =>
  Object.fromEntries(STEP_ORDER.map((item, index) => [item, index < STEP_ORDER.indexOf(step) ? 'done' : 'waiting'])) as Record<SwitchStep, StepState>;

export function zoneSwitchActions(deps: ZoneSwitchDeps): ZoneSwitchActions {
  // True while this window waits for its own switch's reply; otherwise the switch belongs to a
  // window that has gone (each zone has its own window), and the overview tells how it ended.
  let asking = false;
  const load = async (): Promise<void> => {
    const reply = await deps.overview();
    if (!reply.ok) return;
    deps.showOverview(reply.value);
    const view = deps.current();
    const last = reply.value.lastSwitch;
    if (asking || view === null || view.outcome.status !== 'running' || last === null) return;
    deps.show({
      ...view,
      outcome: last.result === 'ok' ? { status: 'done', zone: reply.value.status } : { status: 'failed', error: { code: 'zone.switchFailed', messageKey: 'error.zone.switchFailed', ...(last.failedStep === null ? {} : { details: { zoneStep: last.failedStep } }) } },
    });
  };
  return {
    load,
    switchTo: (zone, reason, token, pin) =>
      deps.exclusive(async () => {
        deps.show({ target: zone, steps: waiting(), outcome: { status: 'running' } });
        const ref = { serial: token.serial, label: token.label };
        asking = true;
        const reply = await deps.send(pin === undefined ? { zone, reason, token: ref } : { zone, reason, token: ref, pin }).finally(() => (asking = false));
        const view = deps.current();
        const steps = view?.steps ?? waiting();
        deps.show({ target: zone, steps, outcome: reply.ok ? { status: 'done', zone: reply.value } : { status: 'failed', error: reply.error } });
        await load();
      }),
    progressed: (progress) => {
      // A window opened mid-switch (the no-zone window after "leave zone") picks the steps up from here.
      const current = deps.current();
      const view = current === null || current.outcome.status !== 'running' ? { target: '', steps: joinedAt(progress.step), outcome: { status: 'running' as const } } : current;
      deps.show({ ...view, steps: { ...view.steps, [progress.step]: progress.state } });
    },
    alerted: (alert) => {
      deps.raise(alert);
      const overview = deps.currentOverview();
      if (overview !== null) deps.showOverview({ ...overview, alerts: [alert, ...overview.alerts].slice(0, 50) });
    },
    dismiss: () => deps.show(null),
  };
}
