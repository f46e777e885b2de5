#!/usr/bin/env node
// `npm start`: build the app, then launch Electron on it. Electron fetches its binary on first launch; where it
// cannot (offline, a firewall), this ends with one clear message instead of a stack trace.
//   --no-build                skip the build (the built app in out/ is used as is)
//   SUPPORT_HERO_ELECTRON_DOWNLOAD_TIMEOUT_MS   how long the first-launch download may take (default 120000)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
const downloadTimeoutMs = Number(process.env.SUPPORT_HERO_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 120_000);

function cannotLaunch(what) {
  console.error(
    [
      '',
      `Support Hero could not start: ${what}`,
      '',
      'Electron downloads its binary the first time the app starts, and that download did not succeed.',
      'To fix it, any one of:',
      '  - connect to the internet (or allow github.com through the firewall) and run `npm start` again;',
      '  - point ELECTRON_MIRROR at a mirror you can reach, e.g.',
      '      ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start',
      '  - install it yourself: `npx install-electron`, then `npm start`.',
      '',
      'Meanwhile the command line runs the same core without Electron:',
      '  npx support-hero status     (the queue and your turn, once)',
      '  npx support-hero watch      (keeps polling and prints alerts)',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

if (!args.includes('--no-build')) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('\nSupport Hero could not start: the build failed (see above).');
    process.exit(build.status ?? 1);
  }
}

let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  cannotLaunch('the `electron` package is not installed. Run `npm install` first.');
}

/** The binary's path if it is already there, without triggering Electron's own download. */
function installedBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, readFileSync(pathFile, 'utf8'))
    : join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : null;
}

let binary = installedBinary();
if (!binary) {
  console.log(`Downloading Electron (first launch; giving up after ${Math.round(downloadTimeoutMs / 1000)}s)...`);
  // Electron's installer prints a stack trace when it fails: keep its output and show only our message.
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: downloadTimeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  binary = installedBinary();
  if (!binary) {
    const output = `${install.stdout ?? ''}\n${install.stderr ?? ''}`;
    const reason =
      install.error?.code === 'ETIMEDOUT' || install.signal
        ? `downloading Electron took longer than ${Math.round(downloadTimeoutMs / 1000)}s.`
        : /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|fetch failed|getaddrinfo|network/i.test(output)
          ? 'Electron could not be downloaded (no network connection to its download server).'
          : `Electron could not be downloaded (${output.trim().split('\n')[0]?.slice(0, 160) || 'no reason given'}).`;
    cannotLaunch(reason);
  }
}

const child = spawn(binary, [root, ...args.filter((a) => a !== '--no-build')], { cwd: root, stdio: 'inherit' });
child.on('error', (error) => cannotLaunch(`Electron could not be run (${error.message}).`));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
