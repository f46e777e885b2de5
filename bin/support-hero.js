#!/usr/bin/env node
// The `support-hero` command: runs the CLI built by `npx electron-vite build` (out/main/cli.js).
import { existsSync } from 'node:fs';

const built = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    'support-hero: the CLI is not built yet. Run `npx electron-vite build` (or `npm run build`) in the project first.\n',
  );
  process.exit(1);
}
await import(built.href);
