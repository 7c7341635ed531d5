import { PolicyState, StepProgress, SwitchRequest, WatchdogAlert, ZonesOverview, ZoneStatus } from '../../domain/zone.js';
import { defineChannel } from '../channel.js';
import { NoParams } from './no-params.js';

export const zonesChannels = {
  zones: {
    status: defineChannel(NoParams, ZoneStatus),
    /** Policy, zones, the live one, cool-down, the last switch and the watchdog's alerts (also for the lock screen). */
    overview: defineChannel(NoParams, ZonesOverview),
    /**
     * Only from the switch dialog: token + PIN + reason. Locks the workstation, then runs the
     * steps ('zones.progress' events); unlocking afterwards opens the new zone's data.
     */
    switch: defineChannel(SwitchRequest, ZoneStatus),
    reloadPolicy: defineChannel(NoParams, PolicyState),
  },
} as const;

export const zonesEvents = {
  'zones.changed': ZoneStatus,
  'zones.progress': StepProgress,
  'zones.alert': WatchdogAlert,
} as const;
