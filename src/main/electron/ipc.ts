/**
 * The only place that touches ipcMain. Every handler is typed by the contract, runs only for our own window's
 * page, and only with a payload that passed its schema.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import type { EventChannel, EventPayload, InvokeChannel, InvokeRequest, InvokeResponse } from '../../shared/ipc';
import { parseRequest } from './ipc-validation';

/** The slice of ipcMain used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** Who may call: our queue window's top frame, showing our own page. */
export interface TrustedPage {
  webContents(): WebContents | null;
  /** The page's URL without query or hash (`file:///.../out/renderer/index.html`, or the dev server's). */
  pageUrl: string;
}

/** Whether an invoke comes from our window's main frame on our page (not an iframe, not a navigated page). */
export function isTrustedSender(event: IpcMainInvokeEvent, trusted: TrustedPage): boolean {
  const contents = trusted.webContents();
  const frame = event.senderFrame;
  if (!contents || !frame || event.sender !== contents) return false;
  if (frame !== contents.mainFrame) return false;
  try {
    const url = new URL(frame.url);
    const expected = new URL(trusted.pageUrl);
    return url.protocol === expected.protocol && url.host === expected.host && url.pathname === expected.pathname;
  } catch {
    return false;
  }
}

export type Handler<C extends InvokeChannel> = (
  request: InvokeRequest<C>,
) => InvokeResponse<C> | Promise<InvokeResponse<C>>;

export class IpcBridge {
  private readonly channels = new Set<InvokeChannel>();

  constructor(
    private readonly ipcMain: IpcMainLike,
    private readonly trusted: TrustedPage,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** Registers the handler for `channel`: sender checked, payload validated, then `fn`. */
  handle<C extends InvokeChannel>(channel: C, fn: Handler<C>): void {
    this.channels.add(channel);
    this.ipcMain.handle(channel, async (event, payload) => {
      if (!isTrustedSender(event, this.trusted)) {
        this.log(`Refused ${channel} from an unknown sender`);
        throw new Error(`Support Hero refused ${channel}: unknown sender`);
      }
      const request = parseRequest(channel, payload);
      return fn(request);
    });
  }

  /** Pushes an event to the window, if it is still there. */
  send<C extends EventChannel>(contents: WebContents | null, channel: C, payload: EventPayload<C>): void {
    if (!contents || contents.isDestroyed()) return;
    contents.send(channel, payload);
  }

  registered(): InvokeChannel[] {
    return [...this.channels];
  }

  dispose(): void {
    for (const channel of this.channels) this.ipcMain.removeHandler(channel);
    this.channels.clear();
  }
}
