import { afterEach, describe, expect, it } from 'vitest';
import { type FaultKind, type Sandbox, startSandbox } from '../../../src/main/sources/sandbox';
import type { ServiceName } from '../../../src/shared/domain';
import { fixedClock } from '../../support/factories';
import { getJson, PAGERDUTY_ACCEPT, PAGERDUTY_AUTH, T0, ZENDESK_AUTH } from './support';

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

async function start() {
  sandbox = await startSandbox({ clock: fixedClock(T0).now });
  return sandbox;
}

/** A request each service's client really makes, with valid credentials. */
function target(sb: Sandbox, service: ServiceName): { url: string; headers: Record<string, string> } {
  return service === 'zendesk'
    ? { url: `${sb.zendeskBaseUrl}/views/active`, headers: { authorization: ZENDESK_AUTH } }
    : { url: `${sb.pagerdutyBaseUrl}/oncalls`, headers: { authorization: PAGERDUTY_AUTH, accept: PAGERDUTY_ACCEPT } };
}

async function call(sb: Sandbox, service: ServiceName) {
  const { url, headers } = target(sb, service);
  return fetch(url, { headers });
}

/** Waits (by yielding, not by time) until the sandbox has seen `count` requests. */
async function untilReceived(sb: Sandbox, count: number) {
  while (sb.count() < count) await new Promise((resolve) => setImmediate(resolve));
}

const SERVICES: ServiceName[] = ['zendesk', 'pagerduty'];

describe.each(SERVICES)('%s faults', (service) => {
  it.each([
    ['unauthorized', 401],
    ['forbidden', 403],
    ['server_error', 500],
  ] as [FaultKind, number][])('%s answers %i with a JSON error even with valid credentials', async (kind, status) => {
    const sb = await start();
    sb.inject({ service, kind });
    const response = await call(sb, service);
    expect(response.status).toBe(status);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.error).toBeDefined();
  });

  it.each(['rate_limited', 'unavailable'] as FaultKind[])('%s sends Retry-After only when given', async (kind) => {
    const sb = await start();
    sb.inject({ service, kind, retryAfterSeconds: 17, times: 1 });
    sb.inject({ service, kind });
    const withHeader = await call(sb, service);
    const without = await call(sb, service);
    const expected = kind === 'rate_limited' ? 429 : 503;
    expect([withHeader.status, without.status]).toEqual([expected, expected]);
    expect(withHeader.headers.get('retry-after')).toBe('17');
    expect(without.headers.get('retry-after')).toBeNull();
    if (service === 'pagerduty' && kind === 'rate_limited') {
      expect(await without.json()).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    }
  });

  it('malformed_json answers 200 with a body that is not JSON', async () => {
    const sb = await start();
    sb.inject({ service, kind: 'malformed_json' });
    const response = await call(sb, service);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('html_error answers 502 with an HTML page', async () => {
    const sb = await start();
    sb.inject({ service, kind: 'html_error' });
    const response = await call(sb, service);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('truncated promises more bytes than it sends, then ends the connection', async () => {
    const sb = await start();
    sb.inject({ service, kind: 'truncated' });
    const response = await call(sb, service);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it('reset destroys the connection without an answer', async () => {
    const sb = await start();
    sb.inject({ service, kind: 'reset' });
    await expect(call(sb, service)).rejects.toThrow();
    expect(sb.requests[0]?.status).toBe(0);
  });

  it('wrong_shape answers 200 with JSON whose collections are not lists', async () => {
    const sb = await start();
    sb.inject({ service, kind: 'wrong_shape' });
    const response = await call(sb, service);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(typeof body.tickets).toBe('string');
    expect(Array.isArray(body.views)).toBe(false);
    expect(typeof body.oncalls).toBe('string');
  });

  it('hang never answers, does not block other requests, and does not block close()', async () => {
    const sb = await start();
    sb.inject({ service, kind: 'hang', times: 1 });
    const hanging = call(sb, service).then(
      () => 'answered',
      () => 'failed',
    );
    await untilReceived(sb, 1);
    expect((await call(sb, service)).status).toBe(200);
    await sb.close();
    expect(await hanging).toBe('failed');
  });
});

describe('fault targeting', () => {
  it('skips, counts down and matches on the path inside the service', async () => {
    const sb = await start();
    sb.inject({ service: 'zendesk', kind: 'server_error', pathPrefix: '/api/v2/tickets/show_many', skip: 1, times: 1 });
    const showMany = `${sb.zendeskBaseUrl}/tickets/show_many?ids=48101`;
    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push((await getJson(showMany, ZENDESK_AUTH)).status);
    expect(statuses).toEqual([200, 500, 200]);
    sb.inject({ service: 'pagerduty', kind: 'forbidden', pathPrefix: '/oncalls' });
    expect((await getJson(`${sb.zendeskBaseUrl}/views/active`, ZENDESK_AUTH)).status).toBe(200);
    expect((await getJson(`${sb.pagerdutyBaseUrl}/users/me`, PAGERDUTY_AUTH)).status).toBe(200);
    expect((await getJson(`${sb.pagerdutyBaseUrl}/oncalls`, PAGERDUTY_AUTH)).status).toBe(403);
    sb.clearFaults();
    expect((await getJson(`${sb.pagerdutyBaseUrl}/oncalls`, PAGERDUTY_AUTH)).status).toBe(200);
  });
});

describe('request accounting', () => {
  it('records, counts and sums bytes per service and path, and resets', async () => {
    const sb = await start();
    const sizes: number[] = [];
    for (const url of [
      `${sb.zendeskBaseUrl}/views/active`,
      `${sb.zendeskBaseUrl}/tickets/show_many?ids=48101,48102&include=slas`,
      `${sb.pagerdutyBaseUrl}/oncalls?user_ids[]=PHERO42`,
    ]) {
      const authorization = url.includes('/pagerduty') ? PAGERDUTY_AUTH : ZENDESK_AUTH;
      const response = await fetch(url, { headers: { authorization } });
      sizes.push((await response.arrayBuffer()).byteLength);
    }
    expect(sb.count()).toBe(3);
    expect(sb.count({ service: 'zendesk' })).toBe(2);
    expect(sb.count({ service: 'zendesk', pathPrefix: '/api/v2/tickets' })).toBe(1);
    expect(sb.count({ pathPrefix: '/oncalls' })).toBe(1);
    expect(sb.bytesSent()).toBe(sizes.reduce((total, size) => total + size, 0));
    expect(sb.bytesSent({ service: 'pagerduty' })).toBe(sizes[2]);
    expect(sb.requests[1]).toMatchObject({
      service: 'zendesk',
      method: 'GET',
      path: '/api/v2/tickets/show_many',
      query: { ids: '48101,48102', include: 'slas' },
      status: 200,
    });
    expect(sb.requests[2]?.query).toEqual({ 'user_ids[]': 'PHERO42' });
    sb.resetCounts();
    expect(sb.count()).toBe(0);
    expect(sb.bytesSent()).toBe(0);
  });

  it('records refused and faulted requests with their status', async () => {
    const sb = await start();
    sb.inject({ service: 'zendesk', kind: 'rate_limited', times: 1 });
    await getJson(`${sb.zendeskBaseUrl}/views/active`, ZENDESK_AUTH);
    await getJson(`${sb.zendeskBaseUrl}/views/active`);
    expect(sb.requests.map((record) => record.status)).toEqual([429, 401]);
  });
});
