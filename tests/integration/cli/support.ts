/** Runs the BUILT `support-hero` bin as a child process, building it first when the build is missing or stale. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
export const BIN = join(ROOT, 'bin', 'support-hero.js');

/** Built by the suite's global setup; the call stays for runs outside Vitest (benches). */
export { ensureBuilt } from '../../support/build';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin to completion. Tokens and XDG paths come only from `env` (the parent's are not passed on). */
export function runBin(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TZ: 'UTC', ...env };
}

/** A long-running bin (`watch`) whose output the test can wait on; `entry` replaces the bin (Node arguments). */
export function startBin(args: string[], env: Record<string, string>, entry: string[] = [BIN]) {
  const child: ChildProcess = spawn(process.execPath, [...entry, ...args], { cwd: ROOT, env: cleanEnv(env) });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
    notify();
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
    notify();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    /** Resolves once stderr matches `pattern` (the test's own timeout bounds the wait). */
    async waitForStderr(pattern: RegExp): Promise<void> {
      let done = false;
      void exited.then(() => {
        done = true;
        notify();
      });
      while (!pattern.test(stderr)) {
        if (done) throw new Error(`support-hero exited before printing ${pattern}:\n${stderr}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
