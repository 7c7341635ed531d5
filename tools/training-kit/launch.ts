// Opens the app on a training workstation: Electron when its binary exists, else the Chromium shell;
// as root with real zones, inside the workstation's network namespace (ip netns exec), as a real
// workstation would be on its own network. No display: it says so, and how to run under Xvfb.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '../..');

export type AppShell = 'electron' | 'chromium';

export interface Launch {
  readonly shell: AppShell;
  readonly argv: readonly [string, ...string[]];
  readonly env: NodeJS.ProcessEnv;
}

/** Why the app cannot be opened here, in Vietnamese and English, with what to do; undefined when it can. */
export function displayProblem(env: NodeJS.ProcessEnv): string | undefined {
  if (env['AIRLOCK_HEADLESS'] === '1' || process.platform !== 'linux') return undefined;
  if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return undefined;
  return [
    'Không có màn hình (DISPLAY và WAYLAND_DISPLAY đều chưa đặt), nên chưa mở được ứng dụng. Máy trạm tập huấn đã sẵn sàng.',
    '  Chạy trong phiên đồ hoạ, hoặc dùng màn hình ảo Xvfb:  apt-get install xvfb && xvfb-run -a npm run training',
    '  (AIRLOCK_HEADLESS=1 npm run training mở ứng dụng không giao diện, dùng cho kiểm thử.)',
    'No display (neither DISPLAY nor WAYLAND_DISPLAY is set), so the app was not opened. The training workstation is ready.',
    '  Run inside a desktop session, or under a virtual Xvfb display:  apt-get install xvfb && xvfb-run -a npm run training',
    '  (AIRLOCK_HEADLESS=1 npm run training opens the app without a window, for tests.)',
  ].join('\n');
}

/**
 * What to run: the shell, its argv (inside the namespace when there is one) and the environment naming
 * the profile (the shell takes everything else from it, the inbox folder included).
 */
export function launchCommand(profile: { readonly path: string; readonly netns?: string | undefined }, env: NodeJS.ProcessEnv = process.env): Launch {
  const { netns } = profile;
  const binary = electronBinary(root, env);
  const shell: AppShell = binary === undefined ? 'chromium' : 'electron';
  const app: [string, ...string[]] = binary === undefined ? [process.execPath, path.join(root, 'dist/electron/shells/chromium/main.js')] : [binary, root];
  const argv: [string, ...string[]] = netns === undefined ? app : ['ip', 'netns', 'exec', netns, ...app];
  return { shell, argv, env: { ...env, AIRLOCK_TRAINING_PROFILE: profile.path } };
}

/** What the launch needs that a build makes (the Chromium shell's entry); undefined when all is there. */
export function missingBuild(launch: Launch): string | undefined {
  const entry = launch.argv.find((arg) => arg.endsWith(path.join('chromium', 'main.js')));
  return entry !== undefined && !existsSync(entry) ? `${entry} is missing: run "npm run build" (or npm run training without --no-build).` : undefined;
}

export function startApp(launch: Launch): ChildProcess {
  const [command, ...args] = launch.argv;
  return spawn(command, args, { env: launch.env, stdio: 'inherit' });
}
