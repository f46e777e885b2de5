#!/usr/bin/env node
// `npm test`: every check the project has, in one command, ending with the plain line "N passed, N failed".
// Static checks (types, lint, build, security scan) count as one test each beside Vitest's tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureBrowser, missingBrowserMessage } from './find-browser.mjs';

const resultsFile = '.vitest-results/results.json';
let passed = 0;
let failed = 0;

function step(name, command, args) {
  console.log(`\n== ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  const ok = run.status === 0;
  console.log(`== ${name}: ${ok ? 'ok' : `FAILED (exit ${run.status ?? run.signal})`}`);
  if (ok) passed++;
  else failed++;
  return ok;
}

step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.node.json']);
step('typecheck (web)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.web.json']);
step('lint', 'npx', ['biome', 'check', '.']);
const built = step('build', 'npx', ['electron-vite', 'build']);

mkdirSync('.vitest-results', { recursive: true });
rmSync(resultsFile, { force: true });
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`];
// Browser and built-bundle tests need the build; without it they would only fail for that reason.
const vitestEnv = { ...process.env };
let browserTests = built;
if (built) {
  console.log('\n== browser: looking for Chromium or Chrome');
  const browser = ensureBrowser();
  if (browser.found) {
    console.log(`== browser: ${browser.path} (${browser.source})`);
    vitestEnv.CHROMIUM_PATH = browser.path;
  } else {
    // One message instead of one failure per browser test; counted, so a machine without a browser cannot pass.
    console.log(`== browser: FAILED\n${missingBrowserMessage(browser)}`);
    failed++;
    browserTests = false;
  }
}
if (!browserTests) vitestArgs.push('--project', 'node', '--project', 'renderer');
console.log(`\n== tests: npx ${vitestArgs.join(' ')}`);
const vitest = spawnSync('npx', vitestArgs, { stdio: 'inherit', env: vitestEnv });
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A file that fails to load has no tests to count; count it as a failure so it cannot pass silently.
  const brokenFiles = results.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0);
  failed += brokenFiles.length;
  if (vitest.status !== 0 && results.numFailedTests === 0 && brokenFiles.length === 0) failed++;
} else {
  console.log('== tests: Vitest wrote no results');
  failed++;
}

if (existsSync('scripts/security-scan.mjs') && built) step('security scan', 'node', ['scripts/security-scan.mjs']);

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
