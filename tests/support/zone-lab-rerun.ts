// Runs a test file again inside the zone lab's workstation namespace, as the training workstation
// runs the app: only the zone switched to reaches the networks behind it. The outer run makes the
// lab; the inner run (`insideVariable` set to the lab's description) does the work. Shared by the
// suites that need the app's own network to follow the zone (messaging-zones, messages-received).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { teardownAfterSuite, type Teardown } from './teardown.js';
import { createZoneLab, run, type ZoneLab } from './zone-lab.js';

/** `options.value`: what `insideVariable` carries instead of the lab's description (the training kit's folder, for the tour). */
export async function rerunInsideWorkstation(teardown: Teardown, file: string, insideVariable: string, lab: Pick<ZoneLab, 'workstation' | 'zones'>, options: { readonly echo?: boolean; readonly value?: unknown } = {}): Promise<{ readonly code: number | null; readonly output: string }> {
  // The runner marks its own children (NODE_TEST_CONTEXT); this child is a run of its own.
  const { NODE_TEST_CONTEXT: _runner, ...env } = process.env;
  const child = teardown.process(
    spawn('ip', ['netns', 'exec', lab.workstation, process.execPath, '--import', 'tsx', '--test', '--test-reporter=spec', file], {
      env: { ...env, [insideVariable]: JSON.stringify(options.value ?? { workstation: lab.workstation, zones: lab.zones }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const collect = (text: string) => {
    output += text;
    if (options.echo === true) process.stderr.write(text);
  };
  child.stdout.setEncoding('utf8').on('data', collect);
  child.stderr.setEncoding('utf8').on('data', collect);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, output };
}

/** The lab as the inner run sees it, from the description the outer run passed; the outer run removes the namespaces. */
export function labInside(made: Pick<ZoneLab, 'workstation' | 'zones'>): ZoneLab {
  return {
    workstation: made.workstation,
    zones: made.zones,
    rogueInterface: 'usb0',
    zone: (id) => {
      const zone = made.zones.find((item) => item.id === id);
      if (zone === undefined) throw new Error(`no lab zone ${id}`);
      return zone;
    },
    ipJson: async <T>(args: readonly string[]) => JSON.parse((await run(['ip', '-n', made.workstation, '-j', ...args])) || '[]') as T,
    exec: (ns, argv) => run(['ip', 'netns', 'exec', ns, ...argv]),
    cleanup: () => Promise.resolve(),
  };
}

/** The outer run's verdict on the inner one: it passed something and failed nothing; its lines join this run's report. */
export function innerRunPassed(run: { readonly code: number | null; readonly output: string }, diagnostic: (line: string) => void): void {
  for (const line of run.output.split('\n').filter((text) => /[✔✖]/.test(text))) diagnostic(line.trim());
  assert.equal(run.code, 0, run.output);
  assert.match(run.output, /ℹ pass [1-9]/, run.output);
  assert.match(run.output, /ℹ fail 0/, run.output);
}

/**
 * A suite whose app must reach the networks through the lab's workstation namespace. The outer run
 * (`insideVariable` unset) makes a zone lab, runs `file` again inside its workstation namespace and
 * passes when that run did; the inner run calls `inside` with the lab the outer run made.
 */
export function suiteInsideWorkstation(
  file: string,
  insideVariable: string,
  titles: { readonly suite: string; readonly test: string },
  inside: (lab: ZoneLab) => void,
  options: { readonly echo?: boolean } = {},
): void {
  const made = process.env[insideVariable];
  if (made !== undefined) {
    inside(labInside(JSON.parse(made) as Pick<ZoneLab, 'workstation' | 'zones'>));
    return;
  }
  describe(titles.suite, () => {
    const teardown = teardownAfterSuite();
    it(titles.test, async (t) => {
      const lab = await teardown.fixture(createZoneLab({ rogue: false }));
      innerRunPassed(await rerunInsideWorkstation(teardown, file, insideVariable, lab, options), (line) => t.diagnostic(line));
    });
  });
}
