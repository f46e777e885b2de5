/**
 * When to poll outside the schedule: the machine woke or was unlocked, or the network came back. The engine
 * reports `offline` from its own requests; only the OS knows when the network returns.
 */
import type { ElectronModule } from './electron-module';

/** How often the OS's online flag is read (Electron has no event for it). */
export const ONLINE_CHECK_MS = 30_000;

/** Calls `wake` on resume, unlock and offline-to-online; returns the function that stops watching. */
export function watchWake(electron: Pick<ElectronModule, 'powerMonitor' | 'net'>, wake: () => void): () => void {
  const { powerMonitor, net } = electron;
  const onWake = () => wake();
  powerMonitor.on('resume', onWake);
  powerMonitor.on('unlock-screen', onWake);
  let online = net.isOnline();
  const onlineCheck = setInterval(() => {
    const now = net.isOnline();
    if (now && !online) wake();
    online = now;
  }, ONLINE_CHECK_MS);
  onlineCheck.unref?.();
  return () => {
    clearInterval(onlineCheck);
    powerMonitor.removeListener('resume', onWake);
    powerMonitor.removeListener('unlock-screen', onWake);
  };
}
