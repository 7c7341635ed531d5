// Real nats-server processes (Debian's 2.9.10) on loopback, each with its own config file and
// JetStream folder under a suite's temp dir. Every process is registered with the suite's teardown
// the moment it is spawned, so a setup that fails halfway leaves none running.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { natsServerConfig, type ServerConfigSpec } from '../../../electron/core/messaging/server-config.js';
import type { Teardown } from '../teardown.js';

const READY_TIMEOUT_MS = 15_000;

export type NodeSpec = Omit<ServerConfigSpec, 'storeDir' | 'port' | 'host'> & {
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Run inside this network namespace (a zone's network in the zone lab); default: the test's own. */
  readonly netns?: string;
  /** nats-server's monitoring port on the loopback of where it runs (/connz: who is connected). */
  readonly monitorPort?: number;
};

export interface RunningServer {
  readonly name: string;
  readonly url: string;
  readonly configFile: string;
  /** The process now running, or undefined once stopped. */
  readonly process: ChildProcess | undefined;
  /** What the server printed, for a failing test's message. */
  log(): string;
  /** SIGTERM and wait (the server flushes JetStream). */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash, nothing flushed. */
  kill(): Promise<void>;
  /** Starts it again on the same config and store. */
  start(): Promise<void>;
}

/** A port free on 127.0.0.1 now (the kernel's pick); the server binds it a moment later. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startServer(teardown: Teardown, dir: string, spec: NodeSpec): Promise<RunningServer> {
  const storeDir = path.join(dir, spec.serverName, 'jetstream');
  await mkdir(storeDir, { recursive: true });
  const configFile = path.join(dir, spec.serverName, 'nats.conf');
  const { netns, monitorPort, ...config } = spec;
  const host = spec.host ?? '127.0.0.1';
  const text = natsServerConfig({ ...config, host, storeDir });
  await writeFile(configFile, monitorPort === undefined ? text : JSON.stringify({ ...(JSON.parse(text) as object), http: `127.0.0.1:${monitorPort}` }, null, 2), { mode: 0o600 });
  return await runServer(teardown, configFile, spec.serverName, spec.port, { host, ...(netns === undefined ? {} : { netns }) });
}

/**
 * A nats-server on a configuration file written elsewhere (the cipher officer's, the training kit's);
 * `where`: the address it listens on (default 127.0.0.1) and the network namespace it runs in.
 */
export async function runServer(teardown: Teardown, configFile: string, name: string, port: number, where: { readonly host?: string; readonly netns?: string } = {}): Promise<RunningServer> {
  const { netns } = where;
  const host = where.host ?? '127.0.0.1';
  let child: ChildProcess | undefined;
  let output = '';

  const stopWith = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };
  const start = async (): Promise<void> => {
    // `ip netns exec` execs the server in place: the child is nats-server itself, so the kills reach it.
    const argv = [...(netns === undefined ? [] : ['ip', 'netns', 'exec', netns]), 'nats-server', '-c', configFile];
    const spawned = teardown.process(spawn(argv[0] ?? 'nats-server', argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] }));
    child = spawned;
    spawned.stderr?.setEncoding('utf8');
    spawned.stderr?.on('data', (text: string) => (output += text));
    await ready(spawned, output.length, () => output, name);
  };
  teardown.defer(() => stopWith('SIGKILL'));
  await start();
  return {
    name,
    url: `tls://${host}:${port}`,
    configFile,
    get process() {
      return child;
    },
    log: () => output,
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
    start,
  };
}

/** Waits for "Server is ready" printed after `from`; fails with the log when the server exits or takes too long. */
function ready(child: ChildProcess, from: number, log: () => string, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (why?: string): void => {
      clearTimeout(timer);
      child.off('exit', exited).off('error', failed);
      child.stderr?.off('data', printed);
      if (why === undefined) resolve();
      else reject(new Error(`nats-server ${name} ${why}\n${log()}`));
    };
    const printed = (): void => {
      if (log().includes('Server is ready', from)) settle();
    };
    const exited = (code: number | null, signal: string | null): void => settle(`exited (${signal ?? code})`);
    const failed = (error: Error): void => settle(error.message);
    const timer = setTimeout(() => settle(`did not get ready within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    child.on('exit', exited).on('error', failed);
    child.stderr?.on('data', printed);
  });
}
