/** Where the queue window opens: beside the tray icon, inside the work area of the display it is on. */
import type { BrowserWindow, Rectangle } from 'electron';
import { popoverPosition } from '../electron/tray';
import { DEFAULT_WINDOW_SIZE } from '../electron/windows';
import type { ElectronModule } from './electron-module';

/** Moves `window` next to the tray icon at `trayBounds` (see popoverPosition for every edge). */
export function placeBesideTray(
  window: Pick<BrowserWindow, 'getSize' | 'setPosition'>,
  trayBounds: Rectangle,
  screen: Pick<ElectronModule['screen'], 'getDisplayNearestPoint'>,
): void {
  const [width = DEFAULT_WINDOW_SIZE.width, height = DEFAULT_WINDOW_SIZE.height] = window.getSize();
  const point = { x: Math.round(trayBounds.x + trayBounds.width / 2), y: Math.round(trayBounds.y) };
  const workArea = screen.getDisplayNearestPoint(point).workArea;
  const { x, y } = popoverPosition(trayBounds, { width, height }, workArea);
  window.setPosition(x, y, false);
}
