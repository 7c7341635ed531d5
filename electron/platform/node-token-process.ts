import { fork } from 'node:child_process';
import type { TokenProcessHandle, TokenProcessLauncher } from '../core/token/token-process.js';

/**
 * Starts the token process as a Node child (the Chromium shell, tests, the command line).
 * Advanced serialization carries Uint8Array as bytes, not as JSON arrays.
 */
export function nodeTokenProcessLauncher(options: { entry: string; env?: NodeJS.ProcessEnv; execArgv?: string[] }): TokenProcessLauncher {
  return (modulePaths) => {
    const child = fork(options.entry, [JSON.stringify(modulePaths)], {
      serialization: 'advanced',
      env: options.env ?? process.env,
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const handle: TokenProcessHandle = {
      pid: child.pid,
      post: (message) => {
        if (child.connected) child.send(message as object);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        child.on('exit', listener);
        // A child that could not even be spawned emits only 'error'. A running child also emits it
        // when a message is posted as it dies (channel closed): its 'exit' follows and reports it.
        child.on('error', () => {
          if (child.pid === undefined) listener(null, 'spawn-error');
        });
      },
      kill: () => child.kill('SIGKILL'),
    };
    return handle;
  };
}
