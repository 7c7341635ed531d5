// `npm start`: runs the Electron shell, or says exactly what is missing. It never downloads:
// the electron package would try to fetch its binary on first require, which fails offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const binary = electronBinary(root, process.env);
if (binary === undefined) {
  process.stderr.write(
    [
      'Thiếu chương trình Electron (Electron binary is missing).',
      '',
      'vi: Gói npm "electron" đã cài nhưng chưa có tệp chạy. Trên một máy có Internet, trong thư mục dự án chạy:',
      '      npx install-electron',
      '    (hoặc chép thư mục dist của Electron vào máy này và đặt ELECTRON_OVERRIDE_DIST_PATH trỏ tới nó).',
      '    Trong lúc chờ, chạy cùng ứng dụng trong Chromium của Debian: npm run start:chromium',
      '',
      'en: The "electron" npm package is installed without its binary. On a machine with Internet access, in the project folder run:',
      '      npx install-electron',
      '    (or copy an Electron dist folder here and point ELECTRON_OVERRIDE_DIST_PATH at it).',
      '    Meanwhile the same app runs in Debian\'s Chromium: npm run start:chromium',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (!existsSync(path.join(root, 'dist', 'bridge', 'preload.cjs'))) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const child = spawn(binary, [root], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
