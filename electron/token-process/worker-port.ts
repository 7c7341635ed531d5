/**
 * The token process's line to the main process: Electron's utility-process parentPort when the
 * app runs under Electron, Node's IPC channel (fork with advanced serialization) otherwise.
 */
export interface WorkerPort {
  onMessage(listener: (message: unknown) => void): void;
  post(message: unknown): void;
  onParentGone(listener: () => void): void;
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function connectToParent(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort !== undefined) {
    return {
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
      post: (message) => parentPort.postMessage(message),
      // A utility process dies with its parent.
      onParentGone: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('The token process must be started by Airlock (no IPC channel).');
  return {
    onMessage: (listener) => process.on('message', listener),
    post: (message) => void send(message),
    onParentGone: (listener) => process.on('disconnect', listener),
  };
}
