import type { z } from 'zod';
import { channelsOf, type ChannelDefinition, type ContractShape } from '../../../shared/ipc/channel.js';
import { ipcError } from '../../../shared/ipc/errors.js';
import { fail, ok, type Reply } from '../../../shared/ipc/reply.js';
import { DomainError } from '../domain-error.js';
import { isTrustedSender, type SenderInfo } from './sender-policy.js';

/** A handler gets the request already validated and returns what the response schema accepts. */
export type Handlers<C extends ContractShape> = {
  readonly [D in keyof C]: {
    readonly [M in keyof C[D]]: (request: z.output<C[D][M]['request']>) => Promise<z.input<C[D][M]['response']>> | z.input<C[D][M]['response']>;
  };
};

export interface DispatcherLog {
  /** Receives the full error of a handler bug; the renderer gets only its code. */
  internalError(channel: string, error: unknown): void;
  refused(channel: string, code: string): void;
}

export interface Dispatcher {
  dispatch(channel: unknown, payload: unknown, sender: SenderInfo): Promise<Reply<unknown>>;
}

type AnyHandler = (request: unknown) => unknown;

/**
 * The one door into the core: sender, channel name, request schema, handler, response schema,
 * in that order. Nothing the renderer sends is trusted, and nothing it gets back is a raw error.
 */
export function createDispatcher<C extends ContractShape>(options: {
  contract: C;
  handlers: Handlers<C>;
  appOrigin: string;
  log: DispatcherLog;
  /** Told of every request that passed validation: the user is at the keyboard. */
  onAccepted?: () => void;
  /** While this says locked, only the channels in `allowedWhileLocked` are served (fail closed). */
  isLocked?: () => boolean;
  allowedWhileLocked?: ReadonlySet<string>;
}): Dispatcher {
  const routes = new Map<string, { definition: ChannelDefinition; handler: AnyHandler }>();
  for (const [name, definition] of channelsOf(options.contract)) {
    const [domain = '', method = ''] = name.split('.');
    const handler = (options.handlers as Record<string, Record<string, AnyHandler>>)[domain]?.[method];
    if (typeof handler !== 'function') throw new Error(`No handler for channel ${name}`);
    routes.set(name, { definition, handler });
  }

  return {
    async dispatch(channel, payload, sender) {
      const name = typeof channel === 'string' ? channel.slice(0, 100) : '<non-string>';
      if (!isTrustedSender(sender, options.appOrigin)) {
        options.log.refused(name, 'ipc.forbiddenSender');
        return fail(ipcError('ipc.forbiddenSender'));
      }
      // A Map lookup, so "__proto__" or "constructor" can never resolve to something callable.
      const route = typeof channel === 'string' ? routes.get(channel) : undefined;
      if (route === undefined) {
        options.log.refused(name, 'ipc.unknownChannel');
        return fail(ipcError('ipc.unknownChannel'));
      }
      if (options.isLocked?.() === true && options.allowedWhileLocked?.has(name) !== true) {
        options.log.refused(name, 'session.locked');
        return fail(ipcError('session.locked'));
      }
      const request = route.definition.request.safeParse(payload);
      if (!request.success) {
        options.log.refused(name, 'ipc.invalidRequest');
        const fields = request.error.issues.slice(0, 20).map((issue) => issue.path.map(String).join('.') || '(root)');
        return fail(ipcError('ipc.invalidRequest', { fields }));
      }
      options.onAccepted?.();
      try {
        const result = await route.handler(request.data);
        // Checked on the way out too: a handler bug must not leak fields the contract does not name.
        const response = route.definition.response.safeParse(result);
        if (!response.success) {
          options.log.internalError(name, response.error);
          return fail(ipcError('ipc.internal'));
        }
        return ok(response.data);
      } catch (error) {
        if (error instanceof DomainError) return fail(ipcError(error.code, error.details));
        options.log.internalError(name, error);
        return fail(ipcError('ipc.internal'));
      }
    },
  };
}
