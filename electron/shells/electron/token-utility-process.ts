import type { UtilityProcess } from 'electron';
import type { TokenProcessHandle, TokenProcessLauncher } from '../../core/token/token-process.js';
import type { ElectronFacade } from './facade.js';

/**
 * Under Electron the token process is a utility process: a separate OS process that Electron
 * manages and kills with the app. Messages are structured clones, so bytes stay bytes.
 */
export function utilityTokenProcessLauncher(electron: Pick<ElectronFacade, 'utilityProcess'>, entry: string, extraEnv: Readonly<Record<string, string>> = {}): TokenProcessLauncher {
  // Only a training workstation adds variables (its SoftHSM config); otherwise the process inherits the app's environment as before.
  const env = Object.keys(extraEnv).length === 0 ? {} : { env: { ...process.env, ...extraEnv } };
  return (modulePaths) => {
    const child: UtilityProcess = electron.utilityProcess.fork(entry, [JSON.stringify(modulePaths)], { serviceName: 'Airlock token service', stdio: 'inherit', ...env });
    const handle: TokenProcessHandle = {
      get pid() {
        return child.pid;
      },
      post: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code, null)),
      kill: () => void child.kill(),
    };
    return handle;
  };
}
