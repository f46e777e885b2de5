/**
 * The tray app's entry: one instance only, then the composition root (src/main/app/create-app.ts) with the real
 * `electron` module and the built app's paths.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as electron from 'electron';
import { createApp } from './app/create-app';

const { app } = electron;
const log = (message: string) => console.log(`[support-hero] ${message}`);
const here = fileURLToPath(new URL('.', import.meta.url));
const rendererFile = join(here, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

if (process.platform === 'win32') app.setAppUserModelId('Support Hero');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app
    .whenReady()
    .then(() =>
      createApp(electron, {
        paths: {
          userData: app.getPath('userData'),
          resources: join(app.getAppPath(), 'resources'),
          preload: join(here, '../preload/index.cjs'),
          page: devServerUrl
            ? { url: new URL('/index.html', devServerUrl).href, file: null }
            : { url: pathToFileURL(rendererFile).href, file: rendererFile },
        },
        devTools: !app.isPackaged,
        log,
      }),
    )
    .catch((error: unknown) => {
      log(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
      app.exit(1);
    });
}
