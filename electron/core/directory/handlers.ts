import type { HandlersOf } from '../ipc/handlers-of.js';
import type { DirectoryService } from './directory-service.js';

export function directoryHandlers(service: DirectoryService): HandlersOf<'directory'> {
  return {
    list: () => service.list(),
    import: ({ certificate }) => service.import(certificate),
    remove: ({ fingerprint }) => service.remove(fingerprint),
  };
}
