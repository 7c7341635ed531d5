import type { z } from 'zod';

/** One IPC channel: what the renderer may send and what the main process answers. */
export interface ChannelDefinition<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function defineChannel<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
): ChannelDefinition<Req, Res> {
  return { request, response };
}

/** Domains of channels: `contract.session.lock` is the channel named "session.lock". */
export type ContractShape = Readonly<Record<string, Readonly<Record<string, ChannelDefinition>>>>;

export type ChannelName<C extends ContractShape> = {
  [D in keyof C & string]: `${D}.${keyof C[D] & string}`;
}[keyof C & string];

/** Flattens the nested contract into `name -> definition`, the form the dispatcher looks up. */
export function channelsOf(contract: ContractShape): ReadonlyMap<string, ChannelDefinition> {
  const channels = new Map<string, ChannelDefinition>();
  for (const [domain, methods] of Object.entries(contract)) {
    for (const [method, definition] of Object.entries(methods)) {
      channels.set(`${domain}.${method}`, definition);
    }
  }
  return channels;
}
