// What `npm run training` made, written down as it is made (before each namespace exists, after each
// process starts), so `--down` finds all of it even after a crash half-way. Lives in the training folder.
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const STATE_FILE = 'training-state.json';

const TrainingState = z.strictObject({
  format: z.literal('airlock-training-state/1'),
  /** `creating` until every part exists: a run that died half-way is never reused. */
  status: z.enum(['creating', 'ready']),
  home: z.string(),
  createdAt: z.iso.datetime(),
  /** Network namespaces, recorded before each is added. */
  namespaces: z.array(z.string().regex(/^alt[a-z0-9]*-[0-9a-f]{6}$/)),
  processes: z.array(z.strictObject({ pid: z.number().int().positive(), what: z.string() })),
});
export type TrainingState = z.infer<typeof TrainingState>;

export function stateFile(home: string): string {
  return path.join(home, STATE_FILE);
}

/** The state of `home`, undefined when there is none; a state file that is not ours throws. */
export async function readState(home: string): Promise<TrainingState | undefined> {
  const file = stateFile(home);
  if (!existsSync(file)) return undefined;
  const parsed = TrainingState.safeParse(JSON.parse(await readFile(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a training state file: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`);
  return parsed.data;
}

/** One writer for the state: every change goes to disk (temp file, then rename) before the caller goes on. */
export class StateRecorder {
  private constructor(private state: TrainingState) {}

  static async begin(home: string): Promise<StateRecorder> {
    const recorder = new StateRecorder({ format: 'airlock-training-state/1', status: 'creating', home, createdAt: new Date().toISOString(), namespaces: [], processes: [] });
    await recorder.#save();
    return recorder;
  }

  static resume(state: TrainingState): StateRecorder {
    return new StateRecorder(state);
  }

  get current(): TrainingState {
    return this.state;
  }

  addNamespace(ns: string): Promise<void> {
    this.state = { ...this.state, namespaces: [...this.state.namespaces, ns] };
    return this.#save();
  }

  addProcess(pid: number, what: string): Promise<void> {
    this.state = { ...this.state, processes: [...this.state.processes, { pid, what }] };
    return this.#save();
  }

  removeProcess(pid: number): Promise<void> {
    this.state = { ...this.state, processes: this.state.processes.filter((process) => process.pid !== pid) };
    return this.#save();
  }

  ready(): Promise<void> {
    this.state = { ...this.state, status: 'ready' };
    return this.#save();
  }

  async #save(): Promise<void> {
    const file = stateFile(this.state.home);
    await writeFile(`${file}.tmp`, `${JSON.stringify(this.state, null, 2)}\n`, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
  }
}
