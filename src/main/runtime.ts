/**
 * The composition both faces start: sources from the settings and secrets (or the demo sandbox when no account
 * is connected), the AlertCenter over the given store and notifier, and the Engine. The tray app and the CLI
 * run exactly this, so what one shows the other shows too. Plain Node: no `electron` here.
 */

import type {
  PickerKind,
  PickerListRequest,
  PickerListResponse,
  TestConnectionRequest,
  TestConnectionResponse,
} from '../shared/ipc';
import type { Settings } from '../shared/settings';
import { AlertCenter } from './core/alerts';
import { Engine, type EngineSources } from './core/engine';
import {
  type Clock,
  type KeyValueStore,
  type Notifier,
  type Scheduler,
  type SecretStore,
  systemClock,
  systemScheduler,
} from './core/ports';
import {
  bindSeenSlackWorkspace,
  type ConnectionDeps,
  listPicker,
  type SlackBinding,
  slackWorkspace,
  testConnection,
} from './runtime/connections';
import { demoSettings, startDemoSandbox, wantsDemo } from './runtime/demo';
import { pagerdutySourceFor, slackSourceFor, zendeskSourceFor } from './runtime/sources';
import { SANDBOX_CREDENTIALS, type Sandbox, SLACK_SANDBOX_CREDENTIALS } from './sources/sandbox';

export {
  DEMO_ANCHOR_KEY,
  DEMO_WORLD_LIFETIME_MS,
  demoAnchor,
  demoSettings,
  wantsDemo,
} from './runtime/demo';

export interface RuntimeOptions {
  settings: Settings;
  secrets: SecretStore;
  /** Holds the alert ledger. */
  store: KeyValueStore;
  notifier: Notifier;
  clock?: Clock;
  scheduler?: Scheduler;
  /** Default: `settings.app.timeZone`, else the system's zone. */
  timeZone?: () => string;
  /** Run on the demo sandbox even when tokens are present. */
  forceDemo?: boolean;
  /**
   * Lay the demo world out from this instant rather than from the saved anchor: the CLI's `--now` moves the moment
   * the world is looked at, not the world, so `status --now <an hour later>` shows the demo turn under way.
   */
  demoAnchorMs?: number;
  log?: (line: string) => void;
  /**
   * Saves settings the runtime changed itself: a Slack token stored before workspace bindings existed (no
   * `slack.teamId`) is bound once, at its first good poll, to the workspace that poll acted in, as saving a token
   * binds it. Without this option nothing is bound (the CLI's settings come from its own config).
   */
  saveBoundSettings?(settings: Settings): void;
}

export interface Runtime {
  engine: Engine;
  alerts: AlertCenter;
  /** Running on the demo sandbox (no account connected, or forced). */
  readonly demo: boolean;
  /** The in-process sandbox while in demo mode, else `null`. */
  readonly sandbox: Sandbox | null;
  /** Settings the engine runs with: the user's, or in demo mode the user's pointed at the sandbox. */
  effectiveSettings(): Settings;
  /**
   * Takes new settings (and re-reads the secrets): recreates the sources and polls now. Resolves once a switch
   * into or out of demo mode has finished (callers need not wait).
   */
  applySettings(settings: Settings): Promise<void>;
  /** Resolves once a switch into or out of demo mode started by applySettings has finished. */
  settled(): Promise<void>;
  testConnection(request: TestConnectionRequest): Promise<TestConnectionResponse>;
  listPicker(kind: PickerKind, request: PickerListRequest): Promise<PickerListResponse>;
  /** Which workspace a Slack token acts in, to save it bound to that workspace. */
  slackWorkspace(settings: Settings, token: string): Promise<SlackBinding>;
  stop(): Promise<void>;
}

/** The system's IANA zone, or UTC when the platform does not say. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Which mode the runtime is in, and the sandbox of the demo mode; changed only by switchMode. */
interface Mode {
  demo: boolean;
  sandbox: Sandbox | null;
}

/** Starts the sandbox when needed, recovers alerts a crash left pending, and starts the engine. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? (() => {});
  let userSettings = options.settings;
  let transition: Promise<void> = Promise.resolve();
  let stopped = false;
  const mode: Mode = { demo: wantsDemo(options.secrets, options.forceDemo), sandbox: null };
  const startDemo = () => startDemoSandbox(options.store, clock, options.demoAnchorMs);

  const timeZone = options.timeZone ?? (() => userSettings.app.timeZone ?? systemTimeZone());
  const effectiveSettings = (): Settings =>
    mode.demo && mode.sandbox ? demoSettings(userSettings, mode.sandbox) : userSettings;

  if (mode.demo) {
    mode.sandbox = await startDemo();
    log(`runtime: demo mode, sandbox at ${mode.sandbox.url}`);
  }
  const { alerts, engine } = startCore(options, clock, effectiveSettings, timeZone, mode, log);
  const saveBound = options.saveBoundSettings;
  if (saveBound) {
    engine.onSnapshot(() => {
      if (stopped || mode.demo) return;
      const bound = bindSeenSlackWorkspace(userSettings, engine.slackWorkspaceSeen(), options.secrets);
      if (bound === null) return;
      try {
        saveBound(bound);
      } catch (error) {
        // Unsaved, it is not bound: the next good poll tries again.
        log(
          `runtime: could not save the Slack workspace binding: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      log(`runtime: the stored Slack token is now bound to workspace ${bound.slack.teamId}`);
      userSettings = bound;
      // Outside the engine's publishing: the sources are recreated with the binding, as after a save.
      // Settings applied meanwhile (built on these) have recreated the sources already.
      void Promise.resolve().then(() => (userSettings === bound ? apply(bound) : undefined));
    });
  }

  /** Moves into or out of demo mode when the tokens changed, then lets the engine recreate its sources. */
  async function switchMode(): Promise<void> {
    const next = wantsDemo(options.secrets, options.forceDemo);
    if (next && !mode.sandbox) {
      const started = await startDemo();
      if (stopped) {
        await started.close();
        return;
      }
      mode.sandbox = started;
    }
    const retired = !next ? mode.sandbox : null;
    mode.demo = next;
    if (retired) mode.sandbox = null;
    engine.settingsChanged();
    if (retired) await retired.close();
  }

  /** Takes new settings: recreates the sources, switching into or out of demo mode when the tokens say so. */
  function apply(settings: Settings): Promise<void> {
    userSettings = settings;
    if (wantsDemo(options.secrets, options.forceDemo) === mode.demo) {
      engine.settingsChanged();
      return transition;
    }
    transition = transition.then(switchMode).catch((error: unknown) => {
      log(`runtime: could not switch modes: ${error instanceof Error ? error.message : String(error)}`);
    });
    return transition;
  }

  const connections: ConnectionDeps = { secrets: options.secrets, clock, timeZone };
  return {
    engine,
    alerts,
    get demo() {
      return mode.demo;
    },
    get sandbox() {
      return mode.sandbox;
    },
    effectiveSettings,
    applySettings: (settings) => apply(settings),
    settled: () => transition,
    testConnection: (request) => testConnection(connections, request),
    listPicker: (kind, request) => listPicker(connections, kind, request),
    slackWorkspace: (settings, token) => slackWorkspace(connections, settings, token),
    async stop() {
      stopped = true;
      await transition;
      await engine.stop();
      const running = mode.sandbox;
      mode.sandbox = null;
      if (running) await running.close();
    },
  };
}

/** The AlertCenter and the Engine over the effective settings; shows alerts a crash left pending, then polls. */
function startCore(
  options: RuntimeOptions,
  clock: Clock,
  effectiveSettings: () => Settings,
  timeZone: () => string,
  mode: Mode,
  log: (line: string) => void,
): { alerts: AlertCenter; engine: Engine } {
  const alerts = new AlertCenter({
    store: options.store,
    notifier: options.notifier,
    clock,
    settings: effectiveSettings,
    timeZone,
  });
  const engine = new Engine({
    clock,
    scheduler: options.scheduler ?? systemScheduler,
    settings: effectiveSettings,
    timeZone,
    sources: () => engineSources(effectiveSettings(), options.secrets, mode.demo, clock),
    alerts,
    store: options.store,
    demo: () => mode.demo,
    log,
  });
  alerts.recover();
  engine.start();
  return { alerts, engine };
}

/** The sources the settings set up: the sandbox's accounts in demo mode, else the stored tokens. */
function engineSources(settings: Settings, secrets: SecretStore, demo: boolean, clock: Clock): EngineSources {
  const zendeskToken = demo ? SANDBOX_CREDENTIALS.zendesk.token : secrets.get('zendeskToken');
  const pagerdutyToken = demo ? SANDBOX_CREDENTIALS.pagerduty.token : secrets.get('pagerdutyToken');
  const slackToken = demo ? SLACK_SANDBOX_CREDENTIALS.user.token : secrets.get('slackToken');
  const { zendesk } = settings;
  return {
    zendesk:
      zendeskToken && zendesk.subdomain && zendesk.email && zendesk.viewIds.length > 0
        ? zendeskSourceFor(settings, zendeskToken, clock)
        : null,
    pagerduty: pagerdutyToken ? pagerdutySourceFor(settings, pagerdutyToken, clock) : null,
    slack: slackToken && settings.slack.channelIds.length > 0 ? slackSourceFor(settings, slackToken, clock) : null,
  };
}
