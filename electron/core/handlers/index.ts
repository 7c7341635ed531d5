import { DomainError } from '../domain-error.js';
import { auditHandlers } from './audit.js';
import { directoryHandlers } from './directory.js';
import { certificateInfo } from '../certificates/certificate-info.js';
import type { Contract } from '../../../shared/ipc/contract.js';
import type { Handlers } from '../ipc/dispatcher.js';
import type { CoreServices } from '../services.js';

/** One line per channel: handlers only adapt the validated request to a service call. */
export function createHandlers(services: CoreServices): Handlers<Contract> {
  const { session, settings, zones, appInfo, tokens, tokenCertificates } = services;
  const tokenService = () => {
    if (tokens === undefined) throw new DomainError('token.noModule');
    return tokens;
  };
  return {
    app: {
      info: () => appInfo,
    },
    session: {
      state: () => session.state(),
      lock: () => session.lock('manual'),
      unlock: (request) => session.unlock(request),
    },
    settings: {
      get: () => settings.get(),
      setLanguage: ({ language }) => {
        services.audit.record('settings.changed', 'ok', { setting: 'language', value: language });
        return settings.setLanguage(language);
      },
    },
    token: {
      // Without a token service there is no list to give: "no module" is not "no token plugged in".
      list: () => tokenService().list(),
      // No token service at all is not one restarting; the list says the rest.
      service: () => tokens?.status() ?? { restarting: false, moduleMissing: true },
      changePin: async ({ token, oldPin, newPin }) => {
        try {
          await tokenService().changePin(token, oldPin, newPin);
        } catch (error) {
          services.audit.record('token.pinChanged', 'failed', { serial: token.serial, code: error instanceof DomainError ? error.code : 'token.failed' });
          throw error;
        }
        services.audit.record('token.pinChanged', 'ok', { serial: token.serial });
        return { changed: true as const };
      },
      certificates: ({ token }) => {
        if (tokenCertificates === undefined) throw new DomainError('token.noModule');
        return tokenCertificates.list(token);
      },
    },
    zones: {
      status: () => zones.status(),
      overview: () => zones.overview(),
      switch: (request) => zones.switchTo(request),
      reloadPolicy: () => zones.reloadPolicy(),
    },
    certificates: {
      importCrl: async ({ crl }) => {
        const bytes = Buffer.from(crl, 'base64');
        if (bytes.length > 10 * 1024 * 1024) return { status: 'rejected' as const, reason: 'tooLarge' as const };
        // A .pem file arrives as its text's bytes; the cache takes PEM as a string, DER as bytes.
        const input = bytes.subarray(0, 11).toString('latin1') === '-----BEGIN ' ? bytes.toString('utf8') : bytes;
        const imported = await services.crls.import(input, services.knownIssuers);
        // The cache names the issuer by fingerprint; people read its name.
        const issuerName = (fingerprint: string) => services.knownIssuers.map((issuer) => certificateInfo(issuer)).find((info) => info.fingerprint === fingerprint)?.subject.display ?? fingerprint;
        const result = imported.status === 'rejected' ? imported : { ...imported, issuer: issuerName(imported.issuer) };
        services.audit.record('crl.imported', result.status === 'rejected' ? 'refused' : 'ok', result.status === 'rejected' ? { reason: result.reason } : { issuer: result.issuer, outcome: result.status });
        return result;
      },
    },
    store: {
      rotateDataKey: () => services.keyRotation.run(),
      cancelRotation: () => services.keyRotation.cancel(),
    },
    directory: directoryHandlers(services.directory, services.knownIssuers, services.audit),
    files: {
      chooseOpen: async ({ purpose }) => (services.files === undefined ? { available: false, path: null } : { available: true, path: await services.files.chooseOpen(purpose) }),
      chooseSave: async ({ suggestedName }) => (services.files === undefined ? { available: false, path: null } : { available: true, path: await services.files.chooseSave(suggestedName) }),
    },
    documents: {
      open: ({ path }) => services.documents.open(path),
      view: ({ viewId }) => {
        const view = services.documents.view(viewId);
        return { mediaType: view.mediaType, data: view.data.toString('base64') };
      },
      close: ({ viewId }) => ({ closed: services.documents.close(viewId) }),
      encrypt: (request) => services.encryption.start(request),
      cancelEncryption: ({ job }) => ({ cancelled: services.encryption.cancel(job) }),
      decrypt: (request) => services.decryption.start(request),
      cancelDecryption: ({ job }) => ({ cancelled: services.decryption.cancel(job) }),
      export: async ({ viewId, path }) => ({ path: await services.documents.export(viewId, path) }),
      // Not audited: the list only names what document.opened already recorded.
      recent: () => services.recent.list(),
      forgetRecent: async (request) => ({ removed: await ('all' in request ? services.recent.clear() : services.recent.forget(request.path)) }),
    },
    audit: auditHandlers(services.vault),
  };
}
