/**
 * The sandbox: one local `node:http` server emulating Zendesk (`/api/v2/...`) and PagerDuty (`/pagerduty/...`)
 * over a scenario, with request accounting, per-minute rate limits and injectable faults. Used by the demo mode,
 * the CLI, every integration test and the benchmarks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ServiceName } from '../../../shared/domain';
import { applyFault, FaultBook, type FaultSpec } from './faults';
import { json, type Reply, type RouteContext } from './http-util';
import { authenticatePagerDuty, PAGERDUTY_UNAUTHORIZED, pagerDutyError, routePagerDuty } from './pagerduty';
import { createOverridesHandler, type OverridesHandler } from './pagerduty-overrides';
import { rateLimited, send } from './respond';
import type { Scenario } from './scenario';
import { demoScenario } from './scenarios/demo';
import { emptyScenario } from './scenarios/empty';
import { slackDemoWorld } from './scenarios/slack-demo';
import { createSlackHandler, type SlackHandler, type SlackWorld } from './slack';
import { authenticateZendesk, routeZendesk, ZENDESK_UNAUTHORIZED } from './zendesk';
import {
  createZendeskWriteHandler,
  type SandboxWrite,
  type WriteFaults,
  type ZendeskWriteHandler,
} from './zendesk-writes';

export interface SandboxOptions {
  /** Default `'demo'`. */
  scenario?: Scenario | 'demo' | 'empty';
  /** Milliseconds; scenario times are relative to it (default Date.now). */
  clock?: () => number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  /**
   * Requests allowed per clock minute before a 429; `null` turns the limit off (benchmarks).
   * Defaults: Zendesk 200 (Team plan), PagerDuty 960.
   */
  rateLimits?: { zendeskPerMinute?: number | null; pagerdutyPerMinute?: number | null };
  /**
   * Slack's limits are per method per minute; none by default (an internal app's Tier 3 is never reached). Pass
   * `{ 'conversations.history': 1, 'conversations.replies': 1 }` to model the 2025 limit on distributed apps.
   */
  slackPerMethodPerMinute?: Partial<Record<string, number>>;
}

export interface RequestRecord {
  service: ServiceName;
  method: string;
  /** The path inside the service: `/api/v2/views/1/tickets` (Zendesk), `/oncalls` (PagerDuty). */
  path: string;
  query: Record<string, string | string[]>;
  /** `0` when no status was sent (hang, reset). */
  status: number;
  /** Body bytes written. */
  bytes: number;
  /** Clock reading when the request arrived. */
  at: number;
}

export type { FaultKind, FaultSpec } from './faults';

export interface RequestFilter {
  service?: ServiceName;
  pathPrefix?: string;
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `${url}/api/v2` (node-zendesk's endpointUri form). */
  zendeskBaseUrl: string;
  /** `${url}/pagerduty` (PagerDuty routes live under /pagerduty/...). */
  pagerdutyBaseUrl: string;
  /** `${url}/slack/api/`: the Slack WebClient's `slackApiUrl`. */
  slackApiUrl: string;
  /** The Slack emulation: its own call log (`calls`, `count`), `faults.inject(...)` and world. */
  slack: SlackHandler;
  /** The scenario's Zendesk subdomain (for agent links). */
  subdomain: string;
  /** Every request served, in order (cleared by resetCounts; the most recent 100,000 are kept). */
  requests: RequestRecord[];
  count(filter?: RequestFilter): number;
  bytesSent(filter?: RequestFilter): number;
  resetCounts(): void;
  /**
   * Injects a fault: any kind on any service's path, including the write extras, e.g. `{ service: 'pagerduty',
   * kind: 'drop_after_applying', pathPrefix: '/schedules/P1/overrides', times: 1 }` or `kind: 'rate_limited'` on
   * the same path (PagerDuty's 429 body, with `retryAfterSeconds`).
   */
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  /** Installs a scenario; it keeps its `anchorMs` if set, else is anchored at the current clock reading. */
  setScenario(scenario: Scenario): void;
  /** A copy of the installed scenario (with its anchor): change it and pass it to setScenario. */
  scenario(): Scenario;
  /** The Zendesk writes applied so far (ticket and user updates), oldest first. */
  zendeskWrites(): SandboxWrite[];
  close(): Promise<void>;
}

const DEFAULT_ZENDESK_PER_MINUTE = 200;
const DEFAULT_PAGERDUTY_PER_MINUTE = 960;
/** The demo app runs the sandbox for days: the request log keeps the most recent records only. */
const MAX_RECORDS = 100_000;

/** Starts the sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? Date.now;
  const state: SandboxState = {
    clock,
    scenario: anchored(resolveScenario(options.scenario ?? 'demo'), clock()),
    requests: [],
    faults: new FaultBook(),
    rateLimit: rateLimiter(options.rateLimits),
    origin: '',
  };
  // Getters, not the scenario itself: setScenario installs a new object and the writes must land in the live one.
  state.zendeskWrites = createZendeskWriteHandler(() => state.scenario, { clock });
  state.overrides = createOverridesHandler({ scenario: () => state.scenario, now: clock });
  // Slack shares the scenario's anchor, so its requests and the tickets live on one timeline.
  const slack = createSlackHandler(slackWorldOf(state.scenario), undefined, {
    clock,
    perMethodPerMinute: options.slackPerMethodPerMinute,
  });
  const server: Server = createServer((request, response) => {
    try {
      // Slack methods read their POST form body themselves, so they go before the GET-only routing.
      if (slack.handle(request, response)) return;
      handleRequest(state, request, response);
    } catch (error) {
      // A sandbox bug must surface as a 500 the test sees, not as a crashed test runner.
      if (!response.headersSent) send(response, json(500, { error: 'SandboxBug', description: String(error) }));
    }
  });
  const sockets = trackSockets(server);
  state.origin = await listen(server, options.host ?? '127.0.0.1', options.port ?? 0);
  return sandboxFace(state, server, sockets, slack);
}

/** What the running sandbox knows: its clock, scenario, request log, faults and rate-limit windows. */
interface SandboxState {
  clock: () => number;
  scenario: Scenario;
  requests: RequestRecord[];
  faults: FaultBook;
  rateLimit: RateLimiter;
  /** `http://127.0.0.1:PORT`, once listening. */
  origin: string;
  /** Zendesk ticket/user writes and the reads they re-check with (set right after the state is built). */
  zendeskWrites?: ZendeskWriteHandler;
  /** PagerDuty schedule overrides (swap a turn). */
  overrides?: OverridesHandler;
}

/** Counts a request against its service's minute window: the headers to send and whether it passed. */
type RateLimiter = (
  service: ServiceName,
  nowMs: number,
) => { headers: Record<string, string>; allowed: boolean; resetSeconds: number };

/** Per-minute rate limits per service, answering with the headers each API sends. */
function rateLimiter(rateLimits: SandboxOptions['rateLimits']): RateLimiter {
  const limits: Record<ServiceName, number | null> = {
    zendesk: limitOption(rateLimits?.zendeskPerMinute, DEFAULT_ZENDESK_PER_MINUTE),
    pagerduty: limitOption(rateLimits?.pagerdutyPerMinute, DEFAULT_PAGERDUTY_PER_MINUTE),
    // Slack is served by its own handler (per-method limits); this window is never consulted for it.
    slack: null,
  };
  const windows: Record<ServiceName, { minute: number; used: number }> = {
    zendesk: { minute: -1, used: 0 },
    pagerduty: { minute: -1, used: 0 },
    slack: { minute: -1, used: 0 },
  };
  return (service, nowMs) => {
    const minute = Math.floor(nowMs / 60_000);
    const window = windows[service];
    if (window.minute !== minute) {
      window.minute = minute;
      window.used = 0;
    }
    window.used++;
    const limit = limits[service];
    const shownLimit = limit ?? (service === 'zendesk' ? DEFAULT_ZENDESK_PER_MINUTE : DEFAULT_PAGERDUTY_PER_MINUTE);
    const resetSeconds = Math.max(1, Math.ceil(((minute + 1) * 60_000 - nowMs) / 1000));
    const remaining = limit === null ? shownLimit : Math.max(0, limit - window.used);
    const headers: Record<string, string> = {
      'ratelimit-limit': String(shownLimit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(resetSeconds),
    };
    if (service === 'zendesk') {
      headers['x-rate-limit'] = String(shownLimit);
      headers['x-rate-limit-remaining'] = String(remaining);
    }
    return { headers, allowed: limit === null || window.used <= limit, resetSeconds };
  };
}

/** The service a path belongs to: Zendesk under /api/v2, PagerDuty under /pagerduty. */
function serviceOf(pathname: string): ServiceName | null {
  if (pathname.startsWith('/api/v2/')) return 'zendesk';
  return pathname === '/pagerduty' || pathname.startsWith('/pagerduty/') ? 'pagerduty' : null;
}

/** Serves one request: records it, then a fault, a 429, or the service's answer over the scenario. */
function handleRequest(state: SandboxState, request: IncomingMessage, response: ServerResponse): void {
  const nowMs = state.clock();
  const url = new URL(request.url ?? '/', state.origin);
  const method = (request.method ?? 'GET').toUpperCase();
  const service = serviceOf(url.pathname);
  if (service === null) {
    send(response, json(404, { error: 'Not found', hint: 'Zendesk lives under /api/v2, PagerDuty under /pagerduty' }));
    return;
  }
  const path = service === 'pagerduty' ? url.pathname.slice('/pagerduty'.length) || '/' : url.pathname;
  const record: RequestRecord = {
    service,
    method,
    path,
    query: queryRecord(url.searchParams),
    status: 0,
    bytes: 0,
    at: nowMs,
  };
  const { requests } = state;
  requests.push(record);
  if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
  const finish = (reply: Reply) => {
    const sent = send(response, reply);
    record.status = reply.status;
    record.bytes = sent;
  };

  const fault = state.faults.take(service, path, method);
  // A drop is handed to the write handler with this request alone: it drops only a write it applied, and a
  // request it does not take (a 405, a 429 below) leaves nothing armed for a later write.
  const dropAfterApplying = fault?.kind === 'drop_after_applying' && writeHandlerOf(state, service) !== undefined;
  if (fault && !dropAfterApplying) {
    applyFault(fault, request, response, record);
    return;
  }
  const limit = state.rateLimit(service, nowMs);
  if (!limit.allowed) {
    const retry = { 'retry-after': String(limit.resetSeconds) };
    finish(rateLimited(service, { ...limit.headers, ...retry }));
    return;
  }
  if (takenByWriteHandler(state, service, request, response, record, { dropAfterApplying })) return;
  const reply = routeRequest(state, request, service, method, {
    scenario: state.scenario,
    anchorMs: state.scenario.anchorMs ?? nowMs,
    nowMs,
    origin: state.origin,
    path,
    query: url.searchParams,
  });
  finish({ ...reply, headers: { ...limit.headers, ...reply.headers } });
}

/** The service's write handler, if it has one. */
function writeHandlerOf(state: SandboxState, service: ServiceName) {
  return service === 'zendesk' ? state.zendeskWrites : service === 'pagerduty' ? state.overrides : undefined;
}

/**
 * Lets the write handlers answer their routes (they read bodies and reply asynchronously), before the read
 * routes' 405 for every non-GET. Returns true when one of them took the request.
 */
function takenByWriteHandler(
  state: SandboxState,
  service: ServiceName,
  request: IncomingMessage,
  response: ServerResponse,
  record: RequestRecord,
  faults: WriteFaults,
): boolean {
  if (service === 'zendesk' && state.zendeskWrites) {
    if (!state.zendeskWrites.handle(request, response, faults)) return false;
    // The Zendesk handler has no send hook: take the status when the answer goes out.
    response.once('finish', () => {
      record.status = response.statusCode;
    });
    return true;
  }
  if (service === 'pagerduty' && state.overrides) {
    return state.overrides.handle(
      request,
      response,
      (status, bytes) => {
        record.status = status;
        record.bytes = bytes;
      },
      faults,
    );
  }
  return false;
}

/** The service's own answer: read-only, authenticated as the API does, then routed over the scenario. */
function routeRequest(
  state: SandboxState,
  request: IncomingMessage,
  service: ServiceName,
  method: string,
  context: RouteContext,
): Reply {
  if (method !== 'GET') {
    return service === 'zendesk'
      ? json(405, { error: 'MethodNotAllowed', description: 'The sandbox is read-only' })
      : pagerDutyError(405, 2001, 'Method Not Allowed', ['The sandbox is read-only']);
  }
  if (service === 'zendesk') {
    const email = authenticateZendesk(state.scenario.zendesk, request.headers.authorization);
    return email === null ? ZENDESK_UNAUTHORIZED : routeZendesk(context, email);
  }
  const identity = authenticatePagerDuty(state.scenario.pagerduty, request.headers.authorization);
  return identity === null ? PAGERDUTY_UNAUTHORIZED : routePagerDuty(context, identity);
}

/** The open sockets, so close() can end hanging responses and idle keep-alive connections. */
function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** Listens on `host:port`; resolves with the origin (`http://127.0.0.1:PORT`). */
async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${shown}:${address.port}`;
}

/** The Sandbox handle tests and the demo use: URLs, the request log, faults, the scenario and close(). */
function sandboxFace(state: SandboxState, server: Server, sockets: Set<Socket>, slack: SlackHandler): Sandbox {
  const { origin, requests } = state;
  const matches = (record: RequestRecord, filter: RequestFilter = {}) =>
    (filter.service === undefined || record.service === filter.service) &&
    (filter.pathPrefix === undefined || record.path.startsWith(filter.pathPrefix));
  let closing: Promise<void> | null = null;
  return {
    url: origin,
    zendeskBaseUrl: `${origin}/api/v2`,
    pagerdutyBaseUrl: `${origin}/pagerduty`,
    slackApiUrl: `${origin}/slack/api/`,
    slack,
    get subdomain() {
      return state.scenario.zendesk.subdomain;
    },
    requests,
    count: (filter) => requests.filter((record) => matches(record, filter)).length,
    bytesSent: (filter) =>
      requests.filter((record) => matches(record, filter)).reduce((total, record) => total + record.bytes, 0),
    resetCounts: () => {
      requests.length = 0;
    },
    inject: (spec) => state.faults.inject(spec),
    clearFaults: () => state.faults.clear(),
    setScenario: (scenario) => {
      state.scenario = anchored(structuredClone(scenario), state.clock());
      slack.setWorld(slackWorldOf(state.scenario));
    },
    scenario: () => structuredClone(state.scenario),
    zendeskWrites: () => state.zendeskWrites?.writes() ?? [],
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        slack.close();
        server.close(() => resolve());
        // Hanging responses and idle keep-alive sockets would hold close() forever.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/** The scenario's Slack world (the demo one when it has none), anchored where the scenario is. */
function slackWorldOf(scenario: Scenario): SlackWorld {
  return { ...structuredClone(scenario.slack ?? slackDemoWorld()), anchorMs: scenario.anchorMs };
}

function limitOption(value: number | null | undefined, fallback: number): number | null {
  if (value === null) return null;
  return value === undefined ? fallback : Math.max(0, Math.floor(value));
}

function resolveScenario(scenario: Scenario | 'demo' | 'empty'): Scenario {
  if (scenario === 'demo') return demoScenario();
  if (scenario === 'empty') return emptyScenario();
  return structuredClone(scenario);
}

function anchored(scenario: Scenario, anchorMs: number): Scenario {
  return scenario.anchorMs === undefined ? { ...scenario, anchorMs } : scenario;
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of params) {
    const existing = result[name];
    if (existing === undefined) result[name] = value;
    else result[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return result;
}
