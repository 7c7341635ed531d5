// Child process for the crash test: unlocks a core on the SoftHSM token and starts decrypting a
// container to a file, then waits to be killed (SIGKILL: no cleanup of any kind runs).
import { tokenCore, realTokenLauncher, unlockedKeyHolders } from './token-core.js';

const setup = JSON.parse(process.env['CRASH_DECRYPT'] ?? '{}') as { env: Record<string, string>; modulePath: string; rootPem: string; intermediatePem: string; serial: string; label: string; userPin: string; dataDir: string; source: string; output: string };
const { core } = tokenCore(realTokenLauncher(setup.env), [setup.modulePath], { anchors: [setup.rootPem], intermediates: [setup.intermediatePem], dataDir: setup.dataDir });
await core.start();
await unlockedKeyHolders(core, setup);
const started = await core.services.decryption.start({ source: setup.source, output: setup.output });
process.stdout.write(`started ${started.job}\n`);
setInterval(() => undefined, 1000);
