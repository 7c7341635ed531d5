import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * A worker thread running the module `name` that lies beside the module at `base` (its
 * `import.meta.url`), in the same form: .ts under tsx (development, tests, the CLI), .js when built
 * (the packaged app). Through an eval'd loader, because tsx's hooks do not reach a worker by
 * themselves; under tsx the module is required through tsx's CommonJS hook, which transforms in the
 * thread itself (its ESM hook starts a loader thread per worker: 0.66 s CPU for two threads against
 * 0.45 s, measured; the built module needs neither). `data` reaches the module as `workerData`.
 */
export function moduleWorker(base: string, name: string, data: Readonly<Record<string, unknown>> = {}): Worker {
  const module = new URL(`./${name}.${base.endsWith('.ts') ? 'ts' : 'js'}`, base).href;
  const loader = `const { workerData } = require('node:worker_threads');
if (workerData.tsx) { require(workerData.tsx).register(); require(require('node:url').fileURLToPath(workerData.module)); }
else import(workerData.module);`;
  // tsx found from here, not from the eval'd code's folder (the working directory, anywhere for the CLI).
  const tsx = module.endsWith('.ts') ? createRequire(import.meta.url).resolve('tsx/cjs/api') : false;
  return new Worker(loader, { eval: true, workerData: { ...data, module, tsx } });
}
