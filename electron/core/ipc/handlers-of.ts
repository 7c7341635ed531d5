import type { Contract } from '../../../shared/ipc/contract.js';
import type { Handlers } from './dispatcher.js';

/** The handlers of one contract namespace: what each capability's handlers.ts returns. */
export type HandlersOf<N extends keyof Contract> = Handlers<Contract>[N];
