// What a suite made, undone in reverse order when the suite ends, also when its setup failed halfway.
// Each thing is registered the moment it exists, so nothing depends on a variable the failed setup
// never assigned; fixtures made in parallel are waited for, so one made after another one failed is
// undone too (a first `npm test` on a machine without SoftHSM left 20 namespaces of zone labs made
// beside a token that could not be).
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export class Teardown {
  private readonly undo: (() => unknown)[] = [];
  private readonly making: Promise<unknown>[] = [];

  /** Registers `step`, to run at the end; register it before the step that can fail. */
  defer(step: () => unknown): void {
    this.undo.push(step);
  }

  /** The fixture being made, its `release` registered as soon as it exists. */
  adopt<T>(making: Promise<T>, release: (made: T) => unknown): Promise<T> {
    const held = making.then((made) => {
      this.defer(() => release(made));
      return made;
    });
    this.making.push(held.catch(() => undefined));
    return held;
  }

  /** A fixture with its own `cleanup()` (token, zone lab). */
  fixture<T extends { cleanup(): Promise<void> }>(making: Promise<T>): Promise<T> {
    return this.adopt(making, (made) => made.cleanup());
  }

  /** A fresh folder under the temp dir, removed at the end. */
  tempDir(prefix: string): Promise<string> {
    return this.adopt(mkdtemp(path.join(tmpdir(), prefix)), (dir) => rm(dir, { recursive: true, force: true }));
  }

  /** A child process, SIGKILLed at the end unless it has exited. */
  process<T extends ChildProcess>(child: T): T {
    this.defer(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
    return child;
  }

  /** Waits for everything still being made, then undoes it all, last first; every step runs even when one fails. */
  async run(): Promise<void> {
    for (let waited = 0; waited < this.making.length; waited = this.making.length) await Promise.all(this.making.slice(waited));
    const failures: unknown[] = [];
    for (let step = this.undo.pop(); step !== undefined; step = this.undo.pop()) {
      try {
        await step();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `teardown: ${failures.length} step(s) failed`);
  }
}

/** A teardown run by the enclosing suite's `after` hook, registered before any of its setup runs. */
export function teardownAfterSuite(): Teardown {
  const teardown = new Teardown();
  after(() => teardown.run());
  return teardown;
}
