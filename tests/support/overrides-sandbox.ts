/**
 * A small real HTTP server for the swap tests: the sandbox's overrides handler (writes, the schedule's users)
 * first, the sandbox's PagerDuty read routes for the rest, over a world with one week-long turn of "me" between
 * Robin's and Kai's, on a v2 and a v3 schedule. It records the requests it serves and can drop the next write
 * before it reaches the handler (a write that never applied).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoScenario, SANDBOX_CREDENTIALS, type Scenario } from '../../src/main/sources/sandbox';
import {
  authenticatePagerDuty,
  PAGERDUTY_UNAUTHORIZED,
  pagerDutyError,
  routePagerDuty,
} from '../../src/main/sources/sandbox/pagerduty';
import { createOverridesHandler, type OverridesHandler } from '../../src/main/sources/sandbox/pagerduty-overrides';
import { send } from '../../src/main/sources/sandbox/respond';

export const DAY = 86_400_000;
export const USER_KEY = SANDBOX_CREDENTIALS.pagerduty.token;
export const ACCOUNT_KEY = SANDBOX_CREDENTIALS.pagerdutyAccountKey.token;
export const ME = 'PME0001';
export const ROBIN = 'PROBIN1';
export const KAI = 'PKAI001';
export const V2 = 'PV2SCHD';
export const V3 = 'PV3SCHD';

export interface OverridesSandbox {
  /** `http://127.0.0.1:PORT/pagerduty` */
  baseUrl: string;
  world: Scenario;
  handler: OverridesHandler;
  /** Requests served, as `METHOD /path` (without the `/pagerduty` prefix or the query). */
  seen: string[];
  /** The next write is answered by destroying its connection before the handler sees it. */
  dropNextWriteBeforeApplying(): void;
  /** The next write is applied by the handler, then its connection is destroyed before any answer. */
  dropNextWriteAfterApplying(): void;
  /** The next write gets PagerDuty's 429 with this Retry-After before the handler sees it. */
  rateLimitNextWrite(retryAfter: string): void;
  /** The next request, read or write, gets PagerDuty's 429 with this Retry-After. */
  rateLimitNextRequest(retryAfter: string): void;
  close(): Promise<void>;
}

/** The world: me on call from `anchorMs` for a week, Robin the week before, Kai the week after. */
export function overridesWorld(anchorMs: number): Scenario {
  const base = demoScenario();
  const users = [
    { id: ME, name: 'Me Myself' },
    { id: ROBIN, name: 'Robin Rotation' },
    { id: KAI, name: 'Kai Keeper' },
  ].map((user) => ({ ...user, email: `${user.id}@example.test`, timeZone: 'Europe/London', role: 'user' as const }));
  const minutes = (ms: number) => ms / 60_000;
  const shifts = [
    { userId: ROBIN, startInMinutes: minutes(-7 * DAY), endInMinutes: 0 },
    { userId: ME, startInMinutes: 0, endInMinutes: minutes(7 * DAY) },
    { userId: KAI, startInMinutes: minutes(7 * DAY), endInMinutes: minutes(14 * DAY) },
  ];
  base.anchorMs = anchorMs;
  base.pagerduty = {
    subdomain: 'example',
    apiKeys: [
      { token: USER_KEY, kind: 'user', userId: ME },
      { token: ACCOUNT_KEY, kind: 'account' },
    ],
    users,
    schedules: [
      {
        id: V2,
        name: 'Product Analytics',
        timeZone: 'Europe/London',
        kind: 'schedule',
        shifts: structuredClone(shifts),
      },
      { id: V3, name: 'Web Analytics', timeZone: 'UTC', kind: 'schedule_v3', shifts: structuredClone(shifts) },
    ],
    escalationPolicies: [{ id: 'PEP0001', name: 'Support', rules: [{ level: 1, scheduleIds: [V2, V3] }] }],
    teams: [],
  };
  return base;
}

/** Starts the server over a fresh world anchored at `anchorMs`, with `clock` as the sandbox's now. */
export async function startOverridesSandbox(anchorMs: number, clock: () => number): Promise<OverridesSandbox> {
  const world = overridesWorld(anchorMs);
  const handler = createOverridesHandler({ scenario: () => world, now: clock });
  const seen: string[] = [];
  let dropBefore = false;
  let dropAfter = false;
  let limitNextWrite: string | null = null;
  let limitNext: string | null = null;
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const path = url.pathname.replace(/^\/pagerduty/, '');
    seen.push(`${request.method} ${path}`);
    if (dropBefore && request.method !== 'GET') {
      dropBefore = false;
      request.socket.destroy();
      return;
    }
    if (limitNext !== null) {
      const retryAfter = limitNext;
      limitNext = null;
      request.resume();
      send(response, { ...pagerDutyError(429, 2020, 'Rate Limit Exceeded'), headers: { 'retry-after': retryAfter } });
      return;
    }
    if (limitNextWrite !== null && request.method !== 'GET') {
      const retryAfter = limitNextWrite;
      limitNextWrite = null;
      request.resume();
      send(response, { ...pagerDutyError(429, 2020, 'Rate Limit Exceeded'), headers: { 'retry-after': retryAfter } });
      return;
    }
    // The drop goes with the next write only (as the full sandbox's `drop_after_applying` fault does).
    const dropAfterApplying = dropAfter && request.method !== 'GET';
    if (dropAfterApplying) dropAfter = false;
    if (handler.handle(request, response, undefined, { dropAfterApplying })) return;
    const identity = authenticatePagerDuty(world.pagerduty, request.headers.authorization);
    const context = { scenario: world, anchorMs, nowMs: clock(), origin, path, query: url.searchParams };
    send(response, identity ? routePagerDuty(context, identity) : PAGERDUTY_UNAUTHORIZED);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl: `${origin}/pagerduty`,
    world,
    handler,
    seen,
    dropNextWriteBeforeApplying: () => {
      dropBefore = true;
    },
    dropNextWriteAfterApplying: () => {
      dropAfter = true;
    },
    rateLimitNextWrite: (retryAfter) => {
      limitNextWrite = retryAfter;
    },
    rateLimitNextRequest: (retryAfter) => {
      limitNext = retryAfter;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
