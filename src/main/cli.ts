/**
 * The CLI's composition root (`support-hero`, built to out/main/cli.js and started by bin/support-hero.js):
 * process I/O, signals and the exit code around `runCli`, which runs the same runtime as the tray app.
 */
import { runCli } from './cli/main';

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
