/** Names on the wire between the renderer's bridge and the main process, for both shells. */
export const BRIDGE = {
  /** Electron IPC channel carrying every contract request as (channel, payload). */
  invoke: 'airlock:invoke',
  /** Electron IPC channel carrying main-process events as (name, payload). */
  event: 'airlock:event',
  /**
   * Chromium shell: the raw CDP binding (Runtime.addBinding) that carries the init script's calls
   * as JSON text. The init script takes it and deletes it from every frame before page scripts run.
   */
  channelBinding: '__airlockChannel',
  /** Chromium shell: the page function the shell calls (over CDP) with the reply to a call. */
  replySink: '__airlockDeliverReply',
  /** Chromium shell: the page function the core calls to deliver events. */
  eventSink: '__airlockDeliverEvent',
  /** Chromium shell: the page function that hands the shell (over CDP) the File waiting under an id. */
  droppedFile: '__airlockDroppedFile',
  /** Where the renderer finds the API in both shells. */
  apiGlobal: 'airlock',
} as const;
