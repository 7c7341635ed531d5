// `npm run training`: makes the training workstation (or reuses the one there) and opens the app.
// `npm run training -- --down` removes everything it made. docs/training.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadTrainingProfile } from '../../electron/core/training/training-profile.js';
import { ToolFailure } from './pki/run-tool.js';
import { readState, StateRecorder } from './state.js';
import { alive, existingNamespaces, NotATrainingFolder, processesOf, tearDown } from './teardown.js';
import { displayProblem, launchCommand, missingBuild, startApp } from './launch.js';
import { createTrainingWorkstation, PROFILE_FILE, type TrainingWorkstation } from './workstation.js';
import { startMessagingServer } from './training-messaging.js';

const root = path.resolve(import.meta.dirname, '../..');
const EXIT = { ok: 0, failed: 1, usage: 2, refused: 3 } as const;
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const complain = (line: string): void => void process.stderr.write(`${line}\n`);

export function defaultHome(env: NodeJS.ProcessEnv): string {
  return path.join(env['XDG_DATA_HOME'] || path.join(homedir(), '.local', 'share'), 'airlock-training');
}

const ROLE = { official: 'Cán bộ / Official', cipherOfficer: 'Cán bộ cơ yếu / Cipher officer' } as const;

/** The PINs, printed once: after this they are only on the lock screen's training hint. */
function printOfficials(workstation: TrainingWorkstation): void {
  say('');
  say('Thiết bị ký số (token) và mã PIN tập huấn (chỉ in một lần; cũng hiện trên màn hình khoá) / Training tokens and PINs (printed once; also on the lock screen):');
  for (const official of workstation.officials) say(`  ${official.name} — ${ROLE[official.role]}, ${official.organisation}\n      token: ${official.tokenLabel}    PIN: ${official.pin}`);
  say(`Hộp thư đến / inbox: ${workstation.profile.inboxDir} (${workstation.documents.length} tài liệu / documents)`);
  say(`Văn bản để tập ký số / a PDF to practise signing: ${workstation.practicePdf}`);
  say(`Ổ USB sao lưu (thư mục thay ổ thật) / the backup USB drive (a folder standing in for it): ${workstation.backupDrive}`);
  say(`Thiết bị khoá khôi phục của cơ quan (cán bộ cơ yếu giữ; không dùng để mở khoá máy trạm) / the organisation's recovery token (kept by the cipher officer; not for unlocking):\n      token: ${workstation.recovery.tokenLabel}    PIN: ${workstation.recovery.pin}`);
  const messaging = workstation.profile.messaging;
  if (messaging !== undefined) {
    say(
      messaging.where === 'cipherZone'
        ? `Tin nhắn: máy chủ ${messaging.url} trong mạng cơ yếu; chuyển sang vùng Mạng cơ yếu để đọc ${workstation.practiceMessages} tin nhắn tập huấn. / Messages: server ${messaging.url} on the cipher network; switch to the cipher zone to read the practice messages.`
        : `Tin nhắn: máy chủ ${messaging.url} trên loopback; ứng dụng chỉ kết nối khi chuyển được vùng (cần quyền root). / Messages: server ${messaging.url} on loopback; the app connects only once a zone can be switched to (root).`,
    );
  }
  say(
    workstation.zoneSwitching === 'available'
      ? `Vùng mạng: network namespace ${workstation.netns ?? ''}, chuyển vùng được / zones are real namespaces, switching works.`
      : 'Vùng mạng: chỉ hiển thị, không chuyển vùng được vì không chạy với quyền root (sudo npm run training để luyện chuyển vùng) / zones shown only: not run as root.',
  );
}

function requireTools(): string | undefined {
  const needed = ['softhsm2-util', 'pkcs11-tool', 'openssl', 'pdftoppm', 'nats-server', ...(process.getuid?.() === 0 ? ['ip', 'nft'] : [])];
  const missing = needed.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (!existsSync('/usr/lib/softhsm/libsofthsm2.so')) missing.push('libsofthsm2');
  if (missing.length === 0) return undefined;
  return `Thiếu công cụ / missing tools: ${missing.join(', ')}. Chạy / run: npm run setup`;
}

function build(): boolean {
  say('Đang dựng ứng dụng (npm run build) / building the app…');
  return spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).status === 0;
}

/** A second run over an existing workstation: reused when whole and idle, refused otherwise; never mixed with a new one. */
async function reusable(home: string): Promise<{ refuse: string } | { reuse: true } | { create: true }> {
  const state = await readState(home);
  if (state === undefined) {
    if (existsSync(home) && (await readdir(home)).length > 0) return { refuse: `${home} có tệp nhưng không phải do npm run training tạo; không động tới. / ${home} holds files not made by npm run training; left alone. Choose another folder with --dir.` };
    return { create: true };
  }
  const down = 'npm run training -- --down';
  if (state.status !== 'ready') return { refuse: `Lần chạy trước chưa tạo xong máy trạm tập huấn ở ${home} (bị ngắt?). Chạy ${down} rồi chạy lại. / An earlier run did not finish making the training workstation in ${home}. Run ${down}, then again.` };
  const present = new Set(await existingNamespaces());
  const gone = state.namespaces.filter((ns) => !present.has(ns));
  if (gone.length > 0) return { refuse: `Mạng thử ${gone.join(', ')} không còn (máy đã khởi động lại?). Chạy ${down} rồi chạy lại. / The namespaces ${gone.join(', ')} are gone (a reboot?). Run ${down}, then again.` };
  try {
    loadTrainingProfile(path.join(home, PROFILE_FILE));
  } catch (error) {
    return { refuse: `${error instanceof Error ? error.message : String(error)}\nChạy / run ${down}.` };
  }
  // The messaging server runs between lessons: it is the workstation's, not a running app.
  const servers = new Set(state.processes.filter((entry) => entry.what === 'nats-server').map((entry) => entry.pid));
  const running = (await processesOf(home)).filter((pid) => !servers.has(pid));
  if (running.length > 0) return { refuse: `Ứng dụng tập huấn đang chạy (tiến trình ${running.join(', ')}). / The training app is already running (process ${running.join(', ')}).` };
  return { reuse: true };
}

/** A reused workstation whose messaging server has stopped (killed, or the machine restarted without root zones) gets it back. */
async function restartMessaging(home: string): Promise<void> {
  const messaging = loadTrainingProfile(path.join(home, PROFILE_FILE)).messaging;
  const state = await readState(home);
  if (messaging === undefined || state === undefined) return;
  const recorded = state.processes.filter((entry) => entry.what === 'nats-server');
  if (recorded.some((entry) => alive(entry.pid))) return;
  const recorder = StateRecorder.resume(state);
  for (const entry of recorded) await recorder.removeProcess(entry.pid);
  say(`Khởi động lại máy chủ tin nhắn tập huấn / starting the training messaging server again (${messaging.url})`);
  await startMessagingServer(messaging, recorder);
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  const parse = (list: readonly string[]) =>
    parseArgs({ args: [...list], options: { dir: { type: 'string' }, down: { type: 'boolean' }, 'no-open': { type: 'boolean' }, 'no-build': { type: 'boolean' } }, strict: true });
  try {
    args = parse(argv);
  } catch (error) {
    complain(`${error instanceof Error ? error.message : String(error)}\nnpm run training [-- --dir <thư mục/folder>] [--down] [--no-open] [--no-build]`);
    return EXIT.usage;
  }
  const home = path.resolve(args.values.dir ?? defaultHome(process.env));

  if (args.values.down === true) {
    try {
      const report = await tearDown(home);
      say(report.removed ? `Đã gỡ máy trạm tập huấn ở ${home}: ${report.processes.length} tiến trình, ${report.namespaces.length} mạng thử. / Removed the training workstation in ${home}.` : `Không có máy trạm tập huấn ở ${home}. / There is no training workstation in ${home}.`);
      return EXIT.ok;
    } catch (error) {
      if (error instanceof NotATrainingFolder) {
        complain(`${home} không có tệp trạng thái của npm run training; không xoá. / ${home} has no training state file; not removed.`);
        return EXIT.refused;
      }
      throw error;
    }
  }

  const verdict = await reusable(home);
  if ('refuse' in verdict) {
    complain(verdict.refuse);
    return EXIT.refused;
  }
  if (args.values['no-build'] !== true && !build()) return EXIT.failed;
  if ('create' in verdict) {
    const missing = requireTools();
    if (missing !== undefined) {
      complain(missing);
      return EXIT.failed;
    }
    await mkdir(home, { recursive: true, mode: 0o700 });
    const state = await StateRecorder.begin(home);
    say(`Đang tạo máy trạm tập huấn ở ${home} / making the training workstation in ${home}`);
    try {
      printOfficials(await createTrainingWorkstation({ home, state, log: (line) => say(`  · ${line}`) }));
    } catch (error) {
      complain(error instanceof ToolFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
      complain(`Chưa tạo xong. Gỡ phần đã tạo: npm run training -- --down${args.values.dir === undefined ? '' : ` --dir ${home}`} / Not finished; remove what was made with --down.`);
      return EXIT.failed;
    }
  } else {
    await restartMessaging(home);
    say(`Dùng lại máy trạm tập huấn ở ${home}; thiết bị ký số và mã PIN ở màn hình khoá. / Reusing the training workstation in ${home}; tokens and PINs are on the lock screen.`);
  }

  if (args.values['no-open'] === true) return EXIT.ok;
  const problem = displayProblem(process.env);
  if (problem !== undefined) {
    say(problem);
    return EXIT.ok;
  }
  const profile = loadTrainingProfile(path.join(home, PROFILE_FILE));
  const launch = launchCommand({ path: path.join(home, PROFILE_FILE), netns: profile.zones.netns });
  const unbuilt = missingBuild(launch);
  if (unbuilt !== undefined) {
    complain(unbuilt);
    return EXIT.failed;
  }
  say(`Mở ứng dụng (${launch.shell === 'electron' ? 'Electron' : 'Chromium'}) / opening the app${profile.zones.netns === undefined ? '' : ` trong / in ${profile.zones.netns}`}`);
  const state = await readState(home);
  if (state === undefined) throw new Error(`${home}: the state file vanished`);
  const recorder = StateRecorder.resume(state);
  const app = startApp(launch);
  if (app.pid !== undefined) await recorder.addProcess(app.pid, launch.shell);
  const code = await new Promise<number>((resolve) => app.on('exit', (exitCode) => resolve(exitCode ?? EXIT.failed)));
  if (app.pid !== undefined && existsSync(home)) await recorder.removeProcess(app.pid);
  return code;
}

process.exitCode = await main(process.argv.slice(2));
