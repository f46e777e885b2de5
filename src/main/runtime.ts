/**
 * The composition both faces start: sources from the settings and secrets (or the demo sandbox when no account
 * is connected), the AlertCenter over the given store and notifier, and the Engine. The tray app and the CLI
 * run exactly this, so what one shows the other shows too. Plain Node: no `electron` here.
 */

import type { SourceFailure } from '../shared/domain';
import { formatClock } from '../shared/format';
import type {
  PickerListRequest,
  PickerListResponse,
  PickerOption,
  ServiceName,
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
import { createPagerDutySource } from './sources/pagerduty';
import {
  DEMO_SCHEDULES,
  DEMO_VIEWS,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from './sources/sandbox';
import { SourceError } from './sources/source';
import { createZendeskSource } from './sources/zendesk';

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
}

export type PickerKind = 'zendesk:views' | 'zendesk:orgFields' | 'pagerduty:schedules';

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
  stop(): Promise<void>;
}

const LABEL: Record<ServiceName, string> = { zendesk: 'Zendesk', pagerduty: 'PagerDuty' };

/** The system's IANA zone, or UTC when the platform does not say. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Whether these settings and secrets call for the demo sandbox: no token for either service. */
export function wantsDemo(secrets: SecretStore, forceDemo = false): boolean {
  return forceDemo || (!secrets.get('zendeskToken') && !secrets.get('pagerdutyToken'));
}

/** The user's settings pointed at the sandbox's demo accounts, views and schedules. */
export function demoSettings(settings: Settings, sandbox: Sandbox): Settings {
  return {
    ...settings,
    zendesk: {
      ...settings.zendesk,
      subdomain: sandbox.subdomain,
      email: SANDBOX_CREDENTIALS.zendesk.email,
      viewIds: Object.values(DEMO_VIEWS),
      baseUrl: sandbox.zendeskBaseUrl,
    },
    pagerduty: {
      ...settings.pagerduty,
      scheduleIds: Object.values(DEMO_SCHEDULES),
      userEmail: null,
      baseUrl: sandbox.pagerdutyBaseUrl,
    },
  };
}

/** Store key of the instant the demo world was laid out from. */
export const DEMO_ANCHOR_KEY = 'demoAnchorMs';
/** How long one demo world lasts before a start lays out a fresh one (its turn and breaches all in the future). */
export const DEMO_WORLD_LIFETIME_MS = 24 * 60 * 60_000;

/**
 * The demo world's anchor: kept across restarts for a day, so restarting the demo app does not move its turn and
 * breaches and announce them all again; then renewed, so the demo never shows a week-old world.
 */
export function demoAnchor(store: KeyValueStore, nowMs: number): number {
  let saved: unknown;
  try {
    saved = store.get(DEMO_ANCHOR_KEY);
  } catch {
    saved = undefined;
  }
  if (typeof saved === 'number' && saved <= nowMs && nowMs - saved < DEMO_WORLD_LIFETIME_MS) return saved;
  try {
    store.set(DEMO_ANCHOR_KEY, nowMs);
  } catch {
    // A store that cannot be written only costs the demo its continuity across restarts.
  }
  return nowMs;
}

/** Starts the sandbox when needed, recovers alerts a crash left pending, and starts the engine. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const scheduler = options.scheduler ?? systemScheduler;
  const log = options.log ?? (() => {});
  let userSettings = options.settings;
  let sandbox: Sandbox | null = null;
  let demo = wantsDemo(options.secrets, options.forceDemo);
  let transition: Promise<void> = Promise.resolve();
  let stopped = false;

  const timeZone = options.timeZone ?? (() => userSettings.app.timeZone ?? systemTimeZone());
  const effectiveSettings = (): Settings => (demo && sandbox ? demoSettings(userSettings, sandbox) : userSettings);
  const startDemoSandbox = () =>
    startSandbox({
      scenario: { ...demoScenario(), anchorMs: options.demoAnchorMs ?? demoAnchor(options.store, clock.now()) },
      clock: () => clock.now(),
      host: '127.0.0.1',
      port: 0,
    });

  if (demo) {
    sandbox = await startDemoSandbox();
    log(`runtime: demo mode, sandbox at ${sandbox.url}`);
  }

  const createSources = (): EngineSources => {
    const settings = effectiveSettings();
    const zendeskToken = demo ? SANDBOX_CREDENTIALS.zendesk.token : options.secrets.get('zendeskToken');
    const pagerdutyToken = demo ? SANDBOX_CREDENTIALS.pagerduty.token : options.secrets.get('pagerdutyToken');
    const { zendesk } = settings;
    return {
      zendesk:
        zendeskToken && zendesk.subdomain && zendesk.email && zendesk.viewIds.length > 0
          ? zendeskSourceFor(settings, zendeskToken, clock)
          : null,
      pagerduty: pagerdutyToken ? pagerdutySourceFor(settings, pagerdutyToken, clock) : null,
    };
  };

  const alerts = new AlertCenter({
    store: options.store,
    notifier: options.notifier,
    clock,
    settings: effectiveSettings,
    timeZone,
  });
  const engine = new Engine({
    clock,
    scheduler,
    settings: effectiveSettings,
    timeZone,
    sources: createSources,
    alerts,
    demo: () => demo,
    log,
  });
  alerts.recover();
  engine.start();

  /** Moves into or out of demo mode when the tokens changed, then lets the engine recreate its sources. */
  async function switchMode(): Promise<void> {
    const next = wantsDemo(options.secrets, options.forceDemo);
    if (next && !sandbox) {
      const started = await startDemoSandbox();
      if (stopped) {
        await started.close();
        return;
      }
      sandbox = started;
    }
    const retired = !next ? sandbox : null;
    demo = next;
    if (retired) sandbox = null;
    engine.settingsChanged();
    if (retired) await retired.close();
  }

  /** A source for a one-off call (test, picker) from the request's settings and token, never the engine's. */
  function oneOffSettings(request: TestConnectionRequest | PickerListRequest, service: ServiceName) {
    const token = request.token || options.secrets.get(service === 'zendesk' ? 'zendeskToken' : 'pagerdutyToken');
    return { token: token || null, settings: request.settings };
  }

  async function withService<T>(
    service: ServiceName,
    request: TestConnectionRequest | PickerListRequest,
    call: (source: OneOffSource) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
    const { token, settings } = oneOffSettings(request, service);
    const missing = missingSetup(service, settings, token);
    if (missing) return { ok: false, message: missing };
    const source: OneOffSource =
      service === 'zendesk'
        ? { kind: 'zendesk', source: zendeskSourceFor(settings, token!, clock) }
        : { kind: 'pagerduty', source: pagerdutySourceFor(settings, token!, clock) };
    try {
      return { ok: true, value: await call(source) };
    } catch (error) {
      const message = failureSentence(service, toFailure(service, error), settings, clock, timeZone());
      return { ok: false, message: redact(message, [token!]) };
    }
  }

  const runtime: Runtime = {
    engine,
    alerts,
    get demo() {
      return demo;
    },
    get sandbox() {
      return sandbox;
    },
    effectiveSettings,
    applySettings(settings) {
      userSettings = settings;
      if (wantsDemo(options.secrets, options.forceDemo) === demo) {
        engine.settingsChanged();
        return transition;
      }
      transition = transition.then(switchMode).catch((error: unknown) => {
        log(`runtime: could not switch modes: ${error instanceof Error ? error.message : String(error)}`);
      });
      return transition;
    },
    settled: () => transition,
    async testConnection(request) {
      const service = request?.service === 'pagerduty' ? 'pagerduty' : 'zendesk';
      const result = await withService(service, request, async (oneOff) => {
        if (oneOff.kind === 'zendesk') {
          const me = await oneOff.source.whoAmI();
          return `Connected to ${request.settings.zendesk.subdomain} as ${describePerson(me.name, me.email)}`;
        }
        const me = await oneOff.source.whoAmI();
        return `Connected to PagerDuty as ${describePerson(me.name, me.email)}`;
      });
      return result.ok ? { ok: true, message: result.value } : { ok: false, message: result.message };
    },
    async listPicker(kind, request) {
      const service: ServiceName = kind === 'pagerduty:schedules' ? 'pagerduty' : 'zendesk';
      const result = await withService(service, request, async (oneOff): Promise<PickerOption[]> => {
        if (oneOff.kind === 'pagerduty') {
          const schedules = await oneOff.source.listSchedules();
          return schedules.map((schedule) => withDetail(schedule.id, schedule.name, schedule.id));
        }
        if (kind === 'zendesk:orgFields') {
          const fields = await oneOff.source.listOrganizationFields();
          return fields.map((field) => withDetail(field.key, field.title, field.key));
        }
        const views = await oneOff.source.listViews();
        return views.map((view) => withDetail(String(view.id), view.title, view.active ? null : 'inactive'));
      });
      return result.ok ? { ok: true, options: result.value } : { ok: false, message: result.message };
    },
    async stop() {
      stopped = true;
      await transition;
      await engine.stop();
      const running = sandbox;
      sandbox = null;
      if (running) await running.close();
    },
  };
  return runtime;
}

function zendeskSourceFor(settings: Settings, token: string, clock: Clock) {
  const { zendesk } = settings;
  return createZendeskSource({
    subdomain: zendesk.subdomain,
    email: zendesk.email,
    token,
    viewIds: zendesk.viewIds,
    orgFields: zendesk.orgFields,
    baseUrl: zendesk.baseUrl,
    timeoutMs: settings.polling.timeoutSeconds * 1000,
    now: () => clock.now(),
  });
}

function pagerdutySourceFor(settings: Settings, token: string, clock: Clock) {
  const { pagerduty } = settings;
  return createPagerDutySource({
    token,
    region: pagerduty.region,
    scheduleIds: pagerduty.scheduleIds,
    userEmail: pagerduty.userEmail,
    horizonDays: pagerduty.horizonDays,
    baseUrl: pagerduty.baseUrl,
    timeoutMs: settings.polling.timeoutSeconds * 1000,
    now: () => clock.now(),
  });
}

type OneOffSource =
  | { kind: 'zendesk'; source: ReturnType<typeof zendeskSourceFor> }
  | { kind: 'pagerduty'; source: ReturnType<typeof pagerdutySourceFor> };

function withDetail(id: string, label: string, detail: string | null): PickerOption {
  return detail ? { id, label, detail } : { id, label };
}

function describePerson(name: string, email: string | null): string {
  return email && email !== name ? `${name} (${email})` : name;
}

function missingSetup(service: ServiceName, settings: Settings, token: string | null): string | null {
  if (!settings || typeof settings !== 'object') return 'The settings are missing';
  if (service === 'zendesk') {
    if (!settings.zendesk?.subdomain) return 'Enter the Zendesk subdomain first';
    if (!settings.zendesk.email) return 'Enter your Zendesk email first';
    if (!token) return 'Enter a Zendesk API token first';
    return null;
  }
  if (!token) return 'Enter a PagerDuty API token first';
  return null;
}

function toFailure(service: ServiceName, error: unknown): SourceFailure {
  if (error instanceof SourceError) return error.failure;
  return { kind: 'bad_response', detail: `${LABEL[service]} gave an answer we could not use` };
}

/** Why a connection test or picker failed, for people: what happened and what to check. */
export function failureSentence(
  service: ServiceName,
  failure: SourceFailure,
  settings: Settings,
  clock: Clock,
  timeZone: string,
): string {
  const label = LABEL[service];
  const credentials = service === 'zendesk' ? 'the email and API token' : 'the API token';
  switch (failure.kind) {
    case 'auth_rejected':
      return `${label} refused the token (${failure.status}): check ${credentials}`;
    case 'offline':
      return service === 'zendesk'
        ? `Could not reach Zendesk for "${settings.zendesk.subdomain}": check the subdomain and your connection`
        : 'Could not reach PagerDuty: check the region and your connection';
    case 'timeout':
      return `${label} did not answer within ${settings.polling.timeoutSeconds} s: try again`;
    case 'rate_limited': {
      const retryAt = Date.parse(failure.retryAt);
      const when = Number.isFinite(retryAt) && retryAt > clock.now() ? ` at ${formatClock(retryAt, timeZone)}` : '';
      return `${label} is rate limiting requests: try again${when}`;
    }
    case 'server_error':
      return `${label} had a server error (${failure.status}): try again later`;
    case 'not_configured':
      return `${label}: ${failure.detail}`;
    case 'bad_response':
      return `${label} sent an unexpected answer: ${failure.detail}`;
  }
}

function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
