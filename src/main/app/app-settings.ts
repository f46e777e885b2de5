/**
 * The two settings the operating system applies rather than the runtime: start at login and the global
 * shortcut. Neither may stop the app: a refusal is logged and the rest keeps going.
 */
import type { Settings } from '../../shared/settings';
import type { ElectronModule } from './electron-module';

/** Applies `settings.app` to the OS: the login item, then the global shortcut (replacing any earlier one). */
export function applyAppSettings(
  electron: Pick<ElectronModule, 'app' | 'globalShortcut'>,
  settings: Settings['app'],
  showQueue: () => void,
  log: (message: string) => void,
): void {
  try {
    electron.app.setLoginItemSettings({ openAtLogin: settings.startAtLogin });
  } catch (error) {
    log(`Start at login could not be set: ${error instanceof Error ? error.message : String(error)}`);
  }
  electron.globalShortcut.unregisterAll();
  const shortcut = settings.shortcut;
  if (!shortcut) return;
  try {
    if (!electron.globalShortcut.register(shortcut, showQueue)) log(`Shortcut ${shortcut} is taken`);
  } catch {
    log(`Shortcut ${shortcut} is not a valid accelerator`);
  }
}
