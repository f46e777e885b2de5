/**
 * The sandbox: one local `node:http` server emulating Zendesk (`/api/v2/...`) and PagerDuty (`/pagerduty/...`)
 * over a scenario, with request accounting, per-minute rate limits and injectable faults. Used by the demo mode,
 * the CLI, every integration test and the benchmarks.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ServiceName } from '../../../shared/domain';
import { json, type Reply, type RouteContext } from './http-util';
import { authenticatePagerDuty, PAGERDUTY_UNAUTHORIZED, pagerDutyError, routePagerDuty } from './pagerduty';
import type { Scenario } from './scenario';
import { demoScenario } from './scenarios/demo';
import { emptyScenario } from './scenarios/empty';
import { authenticateZendesk, routeZendesk, ZENDESK_UNAUTHORIZED } from './zendesk';

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

export type FaultKind =
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'server_error'
  | 'unavailable'
  | 'hang'
  | 'malformed_json'
  | 'html_error'
  | 'truncated'
  | 'reset'
  | 'wrong_shape';

export interface FaultSpec {
  service: ServiceName;
  kind: FaultKind;
  /** Matched against the path inside the service (as in RequestRecord.path). */
  pathPrefix?: string;
  /** For rate_limited / unavailable; omit to send no Retry-After header. */
  retryAfterSeconds?: number;
  /** Let this many matching requests through first ("page 2 of 3 fails"). */
  skip?: number;
  /** How many requests fail; default: until cleared. */
  times?: number;
}

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
  /** The scenario's Zendesk subdomain (for agent links). */
  subdomain: string;
  /** Every request served, in order (cleared by resetCounts; the most recent 100,000 are kept). */
  requests: RequestRecord[];
  count(filter?: RequestFilter): number;
  bytesSent(filter?: RequestFilter): number;
  resetCounts(): void;
  inject(fault: FaultSpec): void;
  clearFaults(): void;
  /** Installs a scenario; it keeps its `anchorMs` if set, else is anchored at the current clock reading. */
  setScenario(scenario: Scenario): void;
  /** A copy of the installed scenario (with its anchor): change it and pass it to setScenario. */
  scenario(): Scenario;
  close(): Promise<void>;
}

const DEFAULT_ZENDESK_PER_MINUTE = 200;
const DEFAULT_PAGERDUTY_PER_MINUTE = 960;
/** The demo app runs the sandbox for days: the request log keeps the most recent records only. */
const MAX_RECORDS = 100_000;

interface ActiveFault {
  spec: FaultSpec;
  skipLeft: number;
  timesLeft: number;
}

/** Starts the sandbox and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? Date.now;
  const limits: Record<ServiceName, number | null> = {
    zendesk: limitOption(options.rateLimits?.zendeskPerMinute, DEFAULT_ZENDESK_PER_MINUTE),
    pagerduty: limitOption(options.rateLimits?.pagerdutyPerMinute, DEFAULT_PAGERDUTY_PER_MINUTE),
  };
  let current = anchored(resolveScenario(options.scenario ?? 'demo'), clock());
  const requests: RequestRecord[] = [];
  let faults: ActiveFault[] = [];
  const windows: Record<ServiceName, { minute: number; used: number }> = {
    zendesk: { minute: -1, used: 0 },
    pagerduty: { minute: -1, used: 0 },
  };
  const sockets = new Set<Socket>();
  let origin = '';

  const takeFault = (service: ServiceName, path: string): FaultSpec | null => {
    for (const fault of faults) {
      if (fault.spec.service !== service || !path.startsWith(fault.spec.pathPrefix ?? '')) continue;
      if (fault.timesLeft <= 0) continue;
      if (fault.skipLeft > 0) {
        fault.skipLeft--;
        continue;
      }
      fault.timesLeft--;
      return fault.spec;
    }
    return null;
  };

  /** Counts the request against its service's minute window; returns the headers to send and whether it passed. */
  const rateLimit = (service: ServiceName, nowMs: number) => {
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

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const nowMs = clock();
    const url = new URL(request.url ?? '/', origin);
    const method = (request.method ?? 'GET').toUpperCase();
    const service: ServiceName | null = url.pathname.startsWith('/api/v2/')
      ? 'zendesk'
      : url.pathname === '/pagerduty' || url.pathname.startsWith('/pagerduty/')
        ? 'pagerduty'
        : null;
    if (service === null) {
      send(
        response,
        json(404, { error: 'Not found', hint: 'Zendesk lives under /api/v2, PagerDuty under /pagerduty' }),
      );
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
    requests.push(record);
    if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS);
    const finish = (reply: Reply) => {
      const sent = send(response, reply);
      record.status = reply.status;
      record.bytes = sent;
    };

    const fault = takeFault(service, path);
    if (fault) {
      applyFault(fault, request, response, record);
      return;
    }
    const limit = rateLimit(service, nowMs);
    if (!limit.allowed) {
      const retry = { 'retry-after': String(limit.resetSeconds) };
      finish(rateLimited(service, { ...limit.headers, ...retry }));
      return;
    }
    const context: RouteContext = {
      scenario: current,
      anchorMs: current.anchorMs ?? nowMs,
      nowMs,
      origin,
      path,
      query: url.searchParams,
    };
    let reply: Reply;
    if (method !== 'GET') {
      reply =
        service === 'zendesk'
          ? json(405, { error: 'MethodNotAllowed', description: 'The sandbox is read-only' })
          : pagerDutyError(405, 2001, 'Method Not Allowed', ['The sandbox is read-only']);
    } else if (service === 'zendesk') {
      const email = authenticateZendesk(current.zendesk, request.headers.authorization);
      reply = email === null ? ZENDESK_UNAUTHORIZED : routeZendesk(context, email);
    } else {
      const identity = authenticatePagerDuty(current.pagerduty, request.headers.authorization);
      reply = identity === null ? PAGERDUTY_UNAUTHORIZED : routePagerDuty(context, identity);
    }
    finish({ ...reply, headers: { ...limit.headers, ...reply.headers } });
  };

  const server: Server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch (error) {
      // A sandbox bug must surface as a 500 the test sees, not as a crashed test runner.
      if (!response.headersSent) send(response, json(500, { error: 'SandboxBug', description: String(error) }));
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  const matches = (record: RequestRecord, filter: RequestFilter = {}) =>
    (filter.service === undefined || record.service === filter.service) &&
    (filter.pathPrefix === undefined || record.path.startsWith(filter.pathPrefix));

  let closing: Promise<void> | null = null;
  return {
    url: origin,
    zendeskBaseUrl: `${origin}/api/v2`,
    pagerdutyBaseUrl: `${origin}/pagerduty`,
    get subdomain() {
      return current.zendesk.subdomain;
    },
    requests,
    count: (filter) => requests.filter((record) => matches(record, filter)).length,
    bytesSent: (filter) =>
      requests.filter((record) => matches(record, filter)).reduce((total, record) => total + record.bytes, 0),
    resetCounts: () => {
      requests.length = 0;
    },
    inject: (spec) => {
      faults.push({ spec: { ...spec }, skipLeft: spec.skip ?? 0, timesLeft: spec.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults: () => {
      faults = [];
    },
    setScenario: (scenario) => {
      current = anchored(structuredClone(scenario), clock());
    },
    scenario: () => structuredClone(current),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Hanging responses and idle keep-alive sockets would hold close() forever.
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
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

/** Writes a JSON reply; returns the body bytes sent. */
function send(response: ServerResponse, reply: Reply): number {
  const body = Buffer.from(JSON.stringify(reply.body));
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    ...reply.headers,
  });
  response.end(body);
  return body.length;
}

function sendRaw(response: ServerResponse, status: number, contentType: string, text: string): number {
  const body = Buffer.from(text);
  response.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length) });
  response.end(body);
  return body.length;
}

/** Each service's 429, as its API sends it. */
function rateLimited(service: ServiceName, headers: Record<string, string>): Reply {
  return service === 'zendesk'
    ? json(
        429,
        { error: 'APIRateLimitExceeded', description: 'Number of allowed API requests per minute exceeded' },
        headers,
      )
    : { ...pagerDutyError(429, 2020, 'Rate Limit Exceeded'), headers };
}

const WRONG_SHAPE = {
  tickets: 'not a list',
  users: 'not a list',
  organizations: 42,
  views: { oops: true },
  organization_fields: 'nope',
  results: 'nope',
  user: 'not an object',
  oncalls: 'not a list',
  schedules: 'not a list',
  schedule: 'not an object',
  count: 'many',
};

function applyFault(fault: FaultSpec, request: IncomingMessage, response: ServerResponse, record: RequestRecord): void {
  const zendesk = fault.service === 'zendesk';
  const retryAfter: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  const reply = (value: Reply) => {
    record.status = value.status;
    record.bytes = send(response, value);
  };
  switch (fault.kind) {
    case 'unauthorized':
      reply(zendesk ? ZENDESK_UNAUTHORIZED : PAGERDUTY_UNAUTHORIZED);
      return;
    case 'forbidden':
      reply(
        zendesk
          ? json(403, { error: 'Forbidden', description: 'You do not have access to this page.' })
          : pagerDutyError(403, 2010, 'Access Denied'),
      );
      return;
    case 'rate_limited':
      reply(rateLimited(fault.service, retryAfter));
      return;
    case 'server_error':
      reply(
        zendesk
          ? json(500, { error: 'InternalServerError', description: 'Something went wrong' })
          : pagerDutyError(500, 2000, 'An internal error has occurred. PagerDuty team has been notified.'),
      );
      return;
    case 'unavailable':
      reply(
        zendesk
          ? json(503, { error: 'ServiceUnavailable', description: 'Try again later' }, retryAfter)
          : { ...pagerDutyError(503, 2000, 'Service Unavailable'), headers: retryAfter },
      );
      return;
    case 'hang':
      // Never answer; close() destroys the socket.
      return;
    case 'malformed_json':
      record.status = 200;
      record.bytes = sendRaw(
        response,
        200,
        'application/json; charset=utf-8',
        '{"tickets": [{"id": 1, "subject": "cut',
      );
      return;
    case 'html_error':
      record.status = 502;
      record.bytes = sendRaw(
        response,
        502,
        'text/html; charset=utf-8',
        '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
      );
      return;
    case 'truncated': {
      const body = Buffer.from(JSON.stringify({ tickets: [{ id: 1, subject: 'a ticket cut short' }] }));
      const sent = body.subarray(0, Math.floor(body.length / 2));
      response.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(body.length + 100),
      });
      record.status = 200;
      record.bytes = sent.length;
      response.write(sent, () => request.socket.destroy());
      return;
    }
    case 'reset':
      request.socket.destroy();
      return;
    case 'wrong_shape':
      reply(json(200, WRONG_SHAPE));
      return;
  }
}
