import type { TokenRef } from '../../../../shared/domain/token.js';
import type { WatchdogAlert, ZonesOverview, ZoneStatus } from '../../../../shared/domain/zone.js';
import { zoneSwitchActions, type ZoneSwitchView } from './zone-switch.js';
import type { Slice } from '../slice.js';

// Zones: the live zone (the banners), the policy and zones (the Zones screen), the switch this
// window asked for and the watchdog's alerts. Kept while locked: the lock screen shows them.

export interface ZonesSliceState {
  /** Null until the core has answered; the banners then show "no zone, unclassified" (fail closed). */
  readonly zones: ZoneStatus | null;
  /** Policy, zones, cool-down, watchdog alerts; null until the core has answered. */
  readonly zonesOverview: ZonesOverview | null;
  /** The switch this window asked for: it outlives the lock it causes, and goes at the next unlock or switch. */
  readonly zoneSwitch: ZoneSwitchView | null;
  /** The watchdog's newest alert, shown over every screen (locked or not) until acknowledged. */
  readonly watchdogAlert: WatchdogAlert | null;
}

export interface ZonesActions {
  readonly loadZones: () => Promise<void>;
  /** Token + PIN + reason; the workstation locks during the switch. The PIN is an argument only. */
  readonly switchZone: (zone: string, reason: string, token: TokenRef, pin?: string) => Promise<void>;
  readonly dismissZoneSwitch: () => void;
  readonly acknowledgeWatchdog: () => void;
}

export type ZonesBusy = 'zoneSwitch';

export const zonesSlice: Slice<ZonesSliceState, ZonesActions, ZonesBusy> = {
  initial: { zones: null, zonesOverview: null, zoneSwitch: null, watchdogAlert: null },
  atLock: { zones: 'kept', zonesOverview: 'kept', zoneSwitch: 'kept', watchdogAlert: 'kept' },
  busy: ['zoneSwitch'],
  create: ({ api, get, set, settle, run, fed, exclusive, watch }) => {
    const zones = zoneSwitchActions({
      overview: () => settle(() => api.zones.overview({})),
      send: (request) => settle(() => api.zones.switch(request)),
      exclusive: (work) => exclusive('zoneSwitch', work),
      current: () => get().zoneSwitch,
      show: (zoneSwitch) => set({ zoneSwitch }),
      showOverview: (zonesOverview) => set({ zonesOverview }),
      currentOverview: () => get().zonesOverview,
      raise: (watchdogAlert) => set({ watchdogAlert }),
    });
    // The report tells the locked user what the switch did; once unlocked it has been read and its
    // "unlock to work in the new zone" is no longer true, so it goes.
    watch((state, previous) => {
      if (state.session?.locked === false && previous.session?.locked === true && state.zoneSwitch?.outcome.status !== 'running') set({ zoneSwitch: null });
    });
    return {
      actions: {
        loadZones: zones.load,
        switchZone: zones.switchTo,
        dismissZoneSwitch: zones.dismiss,
        acknowledgeWatchdog: () => set({ watchdogAlert: null }),
      },
      events: (on) => [
        on('zones.changed', (status) => {
          fed('zones');
          set({ zones: status });
          void zones.load();
        }),
        on('zones.progress', zones.progressed),
        on('zones.alert', zones.alerted),
      ],
      load: () => Promise.all([run('zones', () => api.zones.status({}), (status) => ({ zones: status })), zones.load()]),
    };
  },
};
