/** The CLI's commands over the shared runtime: `status` (one poll) and `watch` (alerts as they become due). */
import type { Alert, ServiceName, Snapshot } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import { truncatedNote } from '../core/failures';
import type { Clock, KeyValueStore, Notifier, Scheduler, SecretStore } from '../core/ports';
import { DEFAULT_SETTINGS } from '../core/settings';
import { type Runtime, startRuntime, systemTimeZone } from '../runtime';
import { JsonFileStore } from '../storage/json-file-store';
import { runAct, splitActArgs } from './act';
import { type CliArgs, parseArgs, USAGE } from './args';
import { envSecrets, ledgerPath, loadConfig, PAGERDUTY_TOKEN_ENV, SLACK_TOKEN_ENV, ZENDESK_TOKEN_ENV } from './config';
import { formatAlert, formatStatus } from './format-text';
import { formatHandover } from './handover';
import { inertJson } from './inert-json';
import { toCliAlert, toCliJson } from './json';

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_SOURCE_FAILED = 3;
/** Lays the demo world out from this ISO instant and looks at it then (unless `--now`), so demo output reproduces. */
export const DEMO_ANCHOR_ENV = 'SUPPORT_HERO_DEMO_ANCHOR';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the user asks `watch` to stop (SIGINT/SIGTERM). */
  untilStopped: () => Promise<string>;
  /** Real milliseconds; `--now` shifts it, it never replaces the passage of time in `watch`. */
  realNow: () => number;
  /** Injection points for tests that stop the process at exact moments; the shipped entry (cli.ts) gives none. */
  hooks?: CliHooks;
  /**
   * Timers for `watch`; the system's when absent. Tests give a fake one (with `realNow` on the same fake clock) to
   * run hours of `watch` against a real server in seconds.
   */
  scheduler?: Scheduler;
  /** Asks on the terminal (`act`'s confirmation); absent when stdin is not a terminal, so writes need --yes. */
  ask?: (question: string) => Promise<string>;
}

/** Moments inside `watch` a test can act at (tests/reliability/crashing-cli.ts kills the process there). */
export interface CliHooks {
  /** After an alert is durably recorded as pending, before it is printed. */
  beforePrint?: () => void;
  /** After the ledger's new content is in its temporary file, before that file replaces the old one. */
  beforeLedgerCommit?: () => void;
}

interface Setup {
  settings: Settings;
  secrets: SecretStore;
  forceDemo: boolean;
  /** Sources the user configured (a token is set): a failure of one of these is exit code 3. */
  configured: ServiceName[];
  /** From SUPPORT_HERO_DEMO_ANCHOR; `null` lays the demo out from the real time. On the demo it is also the instant
   * evaluated, unless `--now` names another. */
  demoAnchorMs: number | null;
}

/** Runs one CLI invocation and resolves with its exit code. Never throws for bad input. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const act = splitActArgs(argv);
  if (act !== null && 'error' in act) {
    io.stderr(`support-hero: ${act.error}\nRun "support-hero act --help" for usage.`);
    return EXIT_USAGE;
  }
  if (act !== null) {
    return runAct(act, env, io, {
      prepare: (shared) => {
        const setup = prepare(shared.args, env);
        return setup.ok ? setup.value : { error: setup.message };
      },
      // Like `status`: a fixed instant when one is given (the demo anchor, --now), else the real time.
      clock: (nowMs, demoAnchorMs, forceDemo) => clockFor(nowMs ?? (forceDemo ? demoAnchorMs : null), io, true),
      memoryStore,
    });
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    io.stderr(`support-hero: ${parsed.message}\nRun "support-hero --help" for usage.`);
    return EXIT_USAGE;
  }
  const { args } = parsed;
  if (args.command === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const setup = prepare(args, env);
  if (!setup.ok) {
    io.stderr(`support-hero: ${setup.message}`);
    return EXIT_USAGE;
  }
  if (setup.value.forceDemo) {
    io.stderr('support-hero: no --config given, so this is the built-in demo data (see --help).');
  }
  // `handover` is `status` with another page printed: one poll, the same exit codes.
  return args.command === 'watch' ? watch(args, setup.value, env, io) : status(args, setup.value, io);
}

function prepare(args: CliArgs, env: NodeJS.ProcessEnv): { ok: true; value: Setup } | { ok: false; message: string } {
  const secrets = envSecrets(env);
  const anchor = env[DEMO_ANCHOR_ENV];
  const demoAnchorMs = anchor ? Date.parse(anchor) : null;
  if (demoAnchorMs !== null && !Number.isFinite(demoAnchorMs)) {
    return { ok: false, message: `${DEMO_ANCHOR_ENV} must be an ISO instant such as 2026-11-30T10:00:00Z` };
  }
  if (args.config === null) {
    if (args.zendeskUrl || args.pagerdutyUrl || args.slackUrl) {
      return {
        ok: false,
        message: '--zendesk-url, --pagerduty-url and --slack-url need a --config naming the account',
      };
    }
    return {
      ok: true,
      value: { settings: structuredClone(DEFAULT_SETTINGS), secrets, forceDemo: true, configured: [], demoAnchorMs },
    };
  }
  const loaded = loadConfig(args.config);
  if (!loaded.ok) return loaded;
  const settings = loaded.settings;
  if (args.zendeskUrl) settings.zendesk.baseUrl = args.zendeskUrl;
  if (args.pagerdutyUrl) settings.pagerduty.baseUrl = args.pagerdutyUrl;
  if (args.slackUrl) settings.slack.apiUrl = args.slackUrl;
  const configured: ServiceName[] = [];
  if (secrets.get('zendeskToken')) configured.push('zendesk');
  if (secrets.get('pagerdutyToken')) configured.push('pagerduty');
  if (secrets.get('slackToken') && settings.slack.channelIds.length > 0) configured.push('slack');
  if (configured.length === 0) {
    return {
      ok: false,
      message: `no API token: set ${ZENDESK_TOKEN_ENV}, ${PAGERDUTY_TOKEN_ENV} and/or ${SLACK_TOKEN_ENV} (tokens are never read from ${args.config})`,
    };
  }
  if (configured.includes('zendesk')) {
    const { zendesk } = settings;
    const missing = [
      zendesk.subdomain ? null : 'zendesk.subdomain',
      zendesk.email ? null : 'zendesk.email',
      zendesk.viewIds.length > 0 ? null : 'zendesk.viewIds',
    ].filter((field) => field !== null);
    if (missing.length > 0) {
      return { ok: false, message: `${args.config}: ${missing.join(', ')} must be set when ${ZENDESK_TOKEN_ENV} is` };
    }
  }
  return { ok: true, value: { settings, secrets, forceDemo: false, configured, demoAnchorMs } };
}

/**
 * The instant to evaluate at: `--now`; else, on the demo, SUPPORT_HERO_DEMO_ANCHOR (the demo laid out from a fixed
 * instant and looked at from the real clock would still change from run to run); else `null`, the real time.
 */
function evaluationStart(args: CliArgs, setup: Setup): number | null {
  if (args.nowMs !== null) return args.nowMs;
  return setup.forceDemo ? setup.demoAnchorMs : null;
}

function clockFor(startMs: number | null, io: CliIo, fixed: boolean): Clock {
  if (startMs === null) return { now: io.realNow };
  if (fixed) return { now: () => startMs };
  const offset = startMs - io.realNow();
  return { now: () => io.realNow() + offset };
}

function memoryStore(): KeyValueStore {
  const data = new Map<string, string>();
  return {
    get: (key) => {
      const raw = data.get(key);
      return raw === undefined ? undefined : JSON.parse(raw);
    },
    set: (key, value) => void data.set(key, JSON.stringify(value)),
    delete: (key) => void data.delete(key),
  };
}

/**
 * The ledger store, telling the user once, loudly, when a write fails (a read-only folder, a full disk). The write
 * still throws: the AlertCenter then shows the alert anyway and keeps the decision in memory, so nothing due is
 * lost and nothing repeats in this run; only after a restart may an alert show again, which is what the warning
 * says. The exit code does not change.
 */
function warnOnFailedWrites(store: KeyValueStore, path: string, warn: (text: string) => void): KeyValueStore {
  let warned = false;
  const guard = (write: () => void) => {
    try {
      write();
    } catch (error) {
      if (!warned) {
        warned = true;
        const reason = error instanceof Error ? error.message : String(error);
        warn(
          `cannot write the alert ledger ${path} (${reason}); alerts are still shown, but may be shown again after a restart`,
        );
      }
      throw error;
    }
  };
  return {
    get: (key) => store.get(key),
    set: (key, value) => guard(() => store.set(key, value)),
    delete: (key) => guard(() => store.delete(key)),
  };
}

function failedSources(snapshot: Snapshot, setup: Setup): string[] {
  const names: ServiceName[] = setup.forceDemo ? ['zendesk', 'pagerduty'] : setup.configured;
  return names.flatMap((name) => {
    const health = snapshot.sources[name];
    return health && health.failure !== null ? [health.message] : [];
  });
}

function timeZoneOf(settings: Settings): () => string {
  return () => settings.app.timeZone ?? systemTimeZone();
}

async function status(args: CliArgs, setup: Setup, io: CliIo): Promise<number> {
  const clock = clockFor(evaluationStart(args, setup), io, true);
  const silent: Notifier = { deliver: () => {} };
  let runtime: Runtime | null = null;
  try {
    runtime = await startRuntime({
      settings: setup.settings,
      secrets: setup.secrets,
      // `status` shows what is due now without consuming it: `watch` keeps the one durable ledger.
      store: memoryStore(),
      notifier: silent,
      clock,
      timeZone: timeZoneOf(setup.settings),
      forceDemo: setup.forceDemo,
      // `--now` moves the moment the demo is looked at, not the demo: it is laid out from the real time.
      demoAnchorMs: setup.demoAnchorMs ?? io.realNow(),
    });
    const snapshot = await runtime.engine.pollNow();
    if (args.command === 'handover') io.stdout(formatHandover(snapshot, args.json));
    else io.stdout(args.json ? inertJson(toCliJson(snapshot), 2) : formatStatus(snapshot));
    const failed = failedSources(snapshot, setup);
    if (failed.length > 0) {
      io.stderr(`support-hero: ${failed.join('; ')}`);
      return EXIT_SOURCE_FAILED;
    }
    return EXIT_OK;
  } finally {
    await runtime?.stop();
  }
}

async function watch(args: CliArgs, setup: Setup, env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const stopped = io.untilStopped();
  const clock = clockFor(evaluationStart(args, setup), io, false);
  const timeZone = timeZoneOf(setup.settings);
  const path = ledgerPath(args.config, env);
  let store: JsonFileStore;
  try {
    store = new JsonFileStore(path, { beforeCommit: io.hooks?.beforeLedgerCommit });
  } catch (error) {
    io.stderr(`support-hero: cannot open the ledger ${path}: ${error instanceof Error ? error.message : error}`);
    return EXIT_USAGE;
  }
  if (store.notice) io.stderr(`support-hero: ${store.notice}`);
  const ledger = warnOnFailedWrites(store, path, (text) =>
    io.stderr(args.json ? inertJson({ warning: text }) : `support-hero: WARNING: ${text}`),
  );
  const beforePrint = io.hooks?.beforePrint;
  const print: Notifier = {
    deliver: (alert: Alert) => {
      beforePrint?.();
      io.stdout(args.json ? inertJson(toCliAlert(alert)) : formatAlert(alert, timeZone()));
    },
  };
  const runtime = await startRuntime({
    settings: setup.settings,
    secrets: setup.secrets,
    store: ledger,
    notifier: print,
    clock,
    ...(io.scheduler ? { scheduler: io.scheduler } : {}),
    timeZone,
    forceDemo: setup.forceDemo,
    ...(setup.demoAnchorMs === null ? {} : { demoAnchorMs: setup.demoAnchorMs }),
    log: (line) => {
      if (env.SUPPORT_HERO_DEBUG) io.stderr(line);
    },
  });
  // Health changes go to stderr, so stdout stays one alert per line.
  const lastMessages: Partial<Record<ServiceName, string>> = {};
  const truncated: Partial<Record<ServiceName, boolean>> = {};
  // Slack is optional: a run that does not read it is not told, on every start, that it is not set up.
  const watched: ServiceName[] =
    runtime.demo || setup.configured.includes('slack') ? ['zendesk', 'pagerduty', 'slack'] : ['zendesk', 'pagerduty'];
  runtime.engine.onSnapshot((snapshot) => {
    for (const name of watched) {
      const health = snapshot.sources[name];
      if (health === undefined) continue;
      const message = health.state === 'fresh' ? null : health.message;
      if (message !== null && lastMessages[name] !== message) io.stderr(`support-hero: ${message}`);
      if (health.state === 'fresh' && lastMessages[name]) io.stderr(`support-hero: ${health.message}`);
      lastMessages[name] = message ?? undefined;
      // Said when a list is first cut short, not with every poll that reads it cut again.
      const cut = health.truncated === true;
      if (cut && !truncated[name]) io.stderr(`support-hero: ${health.label}: ${truncatedNote(name)}`);
      truncated[name] = cut;
    }
  });
  io.stderr(`support-hero: watching${runtime.demo ? ' the demo data' : ''}; ledger ${path}; Ctrl-C to stop.`);
  const first = await runtime.engine.pollNow();
  io.stderr(`support-hero: first check done; ${first.tray.tooltip}`);
  const signal = await stopped;
  await runtime.stop();
  io.stderr(`support-hero: stopped (${signal}).`);
  return EXIT_OK;
}
