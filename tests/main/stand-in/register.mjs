// `node --import ./register.mjs out/main/index.js`: runs the built main process with the fake `electron`.
import { register } from 'node:module';

register('./electron-hooks.mjs', import.meta.url, {
  data: { standInUrl: new URL('./fake-electron.mjs', import.meta.url).href },
});
