/**
 * The CLI with one exact crash point, for the restart test only (run with `node --import tsx`): the shipped entry
 * (src/main/cli.ts) around the same `runCli`, plus a SIGKILL at the hook named by the first argument. Keeping this
 * here keeps the crash points out of the built app.
 *   after-record: dies after an alert is durably recorded as pending, before it is printed.
 *   mid-write: dies after the ledger's new content is in its temporary file, before it replaces the old file.
 */
import { type CliHooks, runCli } from '../../src/main/cli/main';

const CRASH_POINTS = ['after-record', 'mid-write'];

const [point, ...argv] = process.argv.slice(2);
if (point === undefined || !CRASH_POINTS.includes(point)) {
  process.stderr.write(`crashing-cli: the first argument must be one of ${CRASH_POINTS.join(', ')}\n`);
  process.exit(2);
}
const die = () => void process.kill(process.pid, 'SIGKILL');
const hooks: CliHooks = point === 'after-record' ? { beforePrint: die } : { beforeLedgerCommit: die };

const untilStopped = () =>
  new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

runCli(argv, process.env, {
  stdout: (text) => void process.stdout.write(`${text}\n`),
  stderr: (text) => void process.stderr.write(`${text}\n`),
  untilStopped,
  realNow: () => Date.now(),
  hooks,
}).then((code) => {
  process.exitCode = code;
});
