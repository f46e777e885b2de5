/**
 * The demo mode: when no account is connected the runtime runs on the in-process sandbox, its world laid out from
 * an anchor instant that survives restarts for a day.
 */
import type { Settings } from '../../shared/settings';
import type { Clock, KeyValueStore, SecretStore } from '../core/ports';
import {
  DEMO_SCHEDULES,
  DEMO_SLACK,
  DEMO_VIEWS,
  demoScenario,
  SANDBOX_CREDENTIALS,
  type Sandbox,
  startSandbox,
} from '../sources/sandbox';

/** Store key of the instant the demo world was laid out from. */
export const DEMO_ANCHOR_KEY = 'demoAnchorMs';
/** How long one demo world lasts before a start lays out a fresh one (its turn and breaches all in the future). */
export const DEMO_WORLD_LIFETIME_MS = 24 * 60 * 60_000;

/** Whether these settings and secrets call for the demo sandbox: no token for either service. */
export function wantsDemo(secrets: SecretStore, forceDemo = false): boolean {
  return forceDemo || (!secrets.get('zendeskToken') && !secrets.get('pagerdutyToken') && !secrets.get('slackToken'));
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
    slack: {
      ...settings.slack,
      channelIds: Object.values(DEMO_SLACK.channels),
      csUserGroupId: DEMO_SLACK.csGroup,
      myGroupId: DEMO_SLACK.myGroup,
      doneEmoji: DEMO_SLACK.doneEmoji,
      apiUrl: sandbox.slackApiUrl,
      teamId: DEMO_SLACK.team.id,
      workspaceUrl: null,
    },
  };
}

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

/** Starts the demo sandbox on a free local port, its world laid out from `anchorMs` (default: the saved anchor). */
export function startDemoSandbox(store: KeyValueStore, clock: Clock, anchorMs?: number): Promise<Sandbox> {
  return startSandbox({
    scenario: { ...demoScenario(), anchorMs: anchorMs ?? demoAnchor(store, clock.now()) },
    clock: () => clock.now(),
    host: '127.0.0.1',
    port: 0,
  });
}
