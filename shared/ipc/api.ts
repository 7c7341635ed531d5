import type { z } from 'zod';
import type { ContractShape } from './channel.js';
import type { Contract, EventName, EventPayload } from './contract.js';
import type { Reply } from './reply.js';

/** How an API call reaches the main process: Electron IPC in the preload, a Playwright binding in the Chromium shell. */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  /** Registers the one listener for main-process events; returns nothing to keep the bridge surface small. */
  listen(listener: (name: string, payload: unknown) => void): void;
  /** Where on disk a File the user dropped lives (never its bytes); absent: a shell that cannot say. */
  pathOf?(file: unknown): Promise<string | null>;
}

/**
 * Not a channel: the shell answers from the File object itself (Electron's webUtils in the
 * preload, CDP in the Chromium shell). Null for a File with no path (made by a script) or not a File.
 */
export interface FilePaths {
  pathOf(file: unknown): Promise<string | null>;
}

type DomainApi<D extends ContractShape[string]> = {
  readonly [M in keyof D]: (request: z.input<D[M]['request']>) => Promise<Reply<z.output<D[M]['response']>>>;
};

type ContractApi = {
  readonly [D in keyof Contract]: DomainApi<Contract[D]>;
};

export type AirlockApi = Omit<ContractApi, 'files'> & {
  readonly files: ContractApi['files'] & FilePaths;
} & {
  readonly events: {
    /** Subscribes to a main-process event; the returned function unsubscribes. */
    on<E extends EventName>(name: E, callback: (payload: EventPayload<E>) => void): () => void;
  };
};

/** The shape of the contract without its schemas: enough to build the API, small enough for any bundle. */
export type ChannelIndex = Readonly<Record<string, readonly string[]>>;

export function channelIndexOf(contract: ContractShape): ChannelIndex {
  return Object.fromEntries(Object.entries(contract).map(([domain, methods]) => [domain, Object.keys(methods)]));
}

/**
 * Builds the object the renderer sees as `window.airlock`. The preload and the Chromium shell
 * both call this, so the two shells cannot drift apart. It validates nothing: the main process does.
 */
export function buildApi(index: ChannelIndex, transport: BridgeTransport): AirlockApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.listen((name, payload) => {
    for (const callback of listeners.get(name) ?? []) callback(payload);
  });

  const domains: Record<string, Record<string, (request: unknown) => Promise<unknown>>> = {};
  for (const [domain, methods] of Object.entries(index)) {
    const calls: Record<string, (request: unknown) => Promise<unknown>> = {};
    for (const method of methods) {
      const channel = `${domain}.${method}`;
      calls[method] = (request: unknown) => transport.invoke(channel, request);
    }
    domains[domain] = calls;
  }
  // The bridge's own function sits beside the files channels; a channel of that name would be shadowed.
  if (domains['files']?.['pathOf'] !== undefined) throw new Error('files.pathOf is the bridge’s function, not a channel');
  domains['files'] = { ...domains['files'], pathOf: (file: unknown) => transport.pathOf?.(file) ?? Promise.resolve(null) };

  const api: Record<string, unknown> = {};
  for (const [domain, calls] of Object.entries(domains)) api[domain] = Object.freeze(calls);
  api['events'] = Object.freeze({
    on(name: string, callback: (payload: unknown) => void): () => void {
      const set = listeners.get(name) ?? new Set();
      set.add(callback);
      listeners.set(name, set);
      return () => set.delete(callback);
    },
  });
  return Object.freeze(api) as AirlockApi;
}
