import type { HandlersOf } from '../ipc/handlers-of.js';
import type { ZoneService } from './zone-service.js';

export function zoneHandlers(zones: ZoneService): HandlersOf<'zones'> {
  return {
    status: () => zones.status(),
    overview: () => zones.overview(),
    switch: (request) => zones.switchTo(request),
    reloadPolicy: () => zones.reloadPolicy(),
  };
}
