import type { HandlersOf } from '../ipc/handlers-of.js';
import type { CrlImport } from './crl-import.js';

export function certificateHandlers(crlImport: CrlImport): HandlersOf<'certificates'> {
  return {
    importCrl: ({ crl }) => crlImport.import(crl),
    importCrlFiles: ({ paths }) => crlImport.importFiles(paths),
  };
}
