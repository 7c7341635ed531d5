// A FAKE token process: speaks the real protocol, in memory. Only for token states SoftHSM cannot
// show — "last try", "locked", a physical unplug, a module that hangs.
import type { TokenProcessHandle, TokenProcessLauncher } from '../../electron/core/token/token-process.js';
import type { PinTries, TokenSummary } from '../../shared/domain/token.js';

export class FakeTokenState {
  present = true;
  loggedIn = false;
  pinTries: PinTries = 'ok';
  pin = '123456';
  /** When set, requests with this op are never answered (a hung module). */
  hangOn: string | undefined;
  readonly summary = (): TokenSummary => ({
    ref: { serial: 'FAKE0001', label: 'Fake Token' },
    manufacturer: 'Fake',
    model: 'Fake',
    pinTries: this.pinTries,
    protectedAuthPath: false,
    pinMustChange: false,
    loggedIn: this.loggedIn,
  });
}

export function fakeTokenLauncher(state: FakeTokenState): TokenProcessLauncher & { processes: { killed: boolean }[] } {
  const processes: { killed: boolean }[] = [];
  const launcher = () => {
    const listeners: ((message: unknown) => void)[] = [];
    const exits: ((code: number | null, signal: string | null) => void)[] = [];
    const record = { killed: false };
    processes.push(record);
    const send = (message: unknown) => setImmediate(() => listeners.forEach((listener) => listener(message)));
    const handle: TokenProcessHandle = {
      pid: 100000 + processes.length,
      post: (raw) => {
        const { id, request } = raw as { id: number; request: { op: string; pin?: string } };
        if (record.killed || request.op === state.hangOn) return;
        const answer = (value: unknown) => send({ id, ok: true, value });
        const failure = (name: string) => send({ id, ok: false, failure: name });
        switch (request.op) {
          case 'listTokens':
            return answer(state.present ? [state.summary()] : []);
          case 'login':
            if (!state.present) return failure('tokenRemoved');
            if (state.pinTries === 'locked') return failure('pinLocked');
            if (request.pin !== state.pin) {
              state.pinTries = state.pinTries === 'lastTry' ? 'locked' : state.pinTries === 'fewLeft' ? 'lastTry' : 'fewLeft';
              return failure(state.pinTries === 'locked' ? 'pinLocked' : 'pinIncorrect');
            }
            state.loggedIn = true;
            return answer({ loggedIn: true });
          case 'logout':
            state.loggedIn = false;
            return answer({ loggedIn: false });
          default:
            return failure('mechanismUnsupported');
        }
      },
      onMessage: (listener) => {
        listeners.push(listener);
        send({ event: 'ready', modulePath: '/fake/pkcs11.so' });
      },
      onExit: (listener) => exits.push(listener),
      kill: () => {
        record.killed = true;
        setImmediate(() => exits.forEach((listener) => listener(null, 'SIGKILL')));
      },
    };
    return handle;
  };
  return Object.assign(launcher, { processes });
}
