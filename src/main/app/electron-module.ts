/**
 * The slice of the `electron` module the app is built from. `createApp` takes it as a parameter, so the real
 * module, the built-bundle smoke test's stand-in and the tests' typed fake all drive the same composition.
 */
export type ElectronModule = Pick<
  typeof import('electron'),
  | 'app'
  | 'BrowserWindow'
  | 'Tray'
  | 'Menu'
  | 'nativeImage'
  | 'Notification'
  | 'globalShortcut'
  | 'ipcMain'
  | 'net'
  | 'powerMonitor'
  | 'safeStorage'
  | 'screen'
  | 'shell'
  | 'clipboard'
>;
