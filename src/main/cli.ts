/**
 * The CLI's composition root (`support-hero`, built to out/main/cli.js and started by bin/support-hero.js):
 * process I/O, signals and the exit code around `runCli`, which runs the same runtime as the tray app.
 */
import { createInterface } from 'node:readline/promises';
import { runCli } from './cli/main';

/** `act`'s confirmation question, only on a terminal: piped input never confirms a write. */
const ask = process.stdin.isTTY
  ? async (question: string) => {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    }
  : undefined;

const untilStopped = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

runCli(process.argv.slice(2), process.env, {
  stdout: (text) => void process.stdout.write(`${text}\n`),
  stderr: (text) => void process.stderr.write(`${text}\n`),
  untilStopped,
  realNow: () => Date.now(),
  ...(ask ? { ask } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `support-hero: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
