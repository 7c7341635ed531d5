import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { BRIDGE } from '../../../shared/ipc/bridge.js';
import type { EventBus } from '../../core/event-bus.js';
import type { Dispatcher } from '../../core/ipc/dispatcher.js';
import type { SenderInfo } from '../../core/ipc/sender-policy.js';

/** What Electron says about who sent a message; the renderer cannot influence these fields. */
export function senderOf(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, trustedContents: () => WebContents | undefined): SenderInfo {
  const frame = event.senderFrame;
  if (frame === null || event.sender !== trustedContents()) return { frameUrl: '', isMainFrame: false };
  return { frameUrl: frame.url, isMainFrame: frame.parent === null && frame === event.sender.mainFrame };
}

/** One Electron channel carries every contract call; the dispatcher checks sender, name and payload. */
export function bridgeIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatcher: Dispatcher, trustedContents: () => WebContents | undefined): void {
  ipcMain.handle(BRIDGE.invoke, (event, channel: unknown, payload: unknown) => dispatcher.dispatch(channel, payload, senderOf(event, trustedContents)));
}

export function forwardEvents(events: EventBus, contents: () => Pick<WebContents, 'send' | 'isDestroyed'> | undefined): () => void {
  return events.subscribe((name, payload) => {
    const target = contents();
    if (target !== undefined && !target.isDestroyed()) target.send(BRIDGE.event, name, payload);
  });
}
