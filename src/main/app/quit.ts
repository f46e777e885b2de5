/**
 * The quit sequence. Electron's first `before-quit` is held back while the polls stop (stores write
 * synchronously on every set, so stopping the polls is all there is to flush); then the tray goes and the app
 * quits for real. A quit asked for meanwhile waits for it; after it, `before-quit` passes straight through.
 */
import type { ElectronModule } from './electron-module';

export interface QuitSteps {
  /** Synchronous: stop watching, unregister shortcuts. */
  beforeStop(): void;
  /** Stops the runtime; a failure is logged and the quit goes on. */
  stop(): Promise<void> | void;
  /** Last: remove the tray. */
  afterStop(): void;
}

/** Installs the sequence on `before-quit`; the promise resolves once it has run and the app was told to quit. */
export function installQuitSequence(
  app: Pick<ElectronModule['app'], 'on' | 'quit'>,
  steps: QuitSteps,
  log: (message: string) => void,
): Promise<void> {
  let phase: 'running' | 'stopping' | 'stopped' = 'running';
  return new Promise((done) => {
    app.on('before-quit', (event) => {
      if (phase === 'stopped') return;
      // Another quit request while the runtime stops (a second click, the OS) waits for the same sequence.
      event.preventDefault();
      if (phase === 'stopping') return;
      phase = 'stopping';
      steps.beforeStop();
      // Called now (not on a later tick), with a synchronous throw turned into a rejection like any other.
      new Promise<void>((stopped) => stopped(steps.stop()))
        .catch((error: unknown) => log(`Stopping: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          phase = 'stopped';
          steps.afterStop();
          app.quit();
          done();
        });
    });
  });
}
