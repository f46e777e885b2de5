/**
 * The only place the preload touches `ipcRenderer`: typed by the contract in src/shared/ipc.ts.
 */
import { ipcRenderer } from 'electron';
import type { EventChannel, EventPayload, InvokeChannel, InvokeRequest, InvokeResponse } from '../shared/ipc';

/** Calls a main-process handler; rejects with main's message when the request is refused. */
export function invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>> {
  return ipcRenderer.invoke(channel, request) as Promise<InvokeResponse<C>>;
}

/** Subscribes to a main-process push; returns the unsubscribe function. */
export function subscribe<C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayload<C>) => void,
): () => void {
  // The event object is dropped on purpose: it carries `sender`, which must not reach the page.
  const handler = (_event: Electron.IpcRendererEvent, payload: EventPayload<C>) => listener(payload);
  ipcRenderer.on(channel, handler);
  return () => {
    ipcRenderer.removeListener(channel, handler);
  };
}
