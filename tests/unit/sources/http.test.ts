import { describe, expect, it } from 'vitest';
import { parseRetryAfter, readRateLimit, redactFailure, statusFailure } from '../../../src/main/sources/http';

const now = Date.parse('2026-11-30T12:00:00Z');

describe('http error mapping', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('30', now)).toBe(now + 30_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:05:00 GMT', now)).toBe(now + 300_000);
    expect(parseRetryAfter('Mon, 30 Nov 2020 12:05:00 GMT', now)).toBe(now);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('maps statuses to typed failures', () => {
    const h = (init: Record<string, string> = {}) => new Headers(init);
    expect(statusFailure(401, h(), now, 'Zendesk', 'GET /x')).toMatchObject({ kind: 'auth_rejected', status: 401 });
    expect(statusFailure(403, h(), now, 'Zendesk', 'GET /x')).toMatchObject({ kind: 'auth_rejected', status: 403 });
    expect(statusFailure(429, h({ 'retry-after': '7' }), now, 'Z', 'GET /x')).toMatchObject({
      kind: 'rate_limited',
      retryAt: '2026-11-30T12:00:07.000Z',
    });
    expect(statusFailure(429, h(), now, 'PagerDuty', 'GET /x')).toMatchObject({ retryAt: '2026-11-30T12:01:00.000Z' });
    expect(statusFailure(503, h({ 'retry-after': '120' }), now, 'Z', 'GET /x')).toMatchObject({
      kind: 'rate_limited',
      retryAt: '2026-11-30T12:02:00.000Z',
    });
    expect(statusFailure(503, h(), now, 'Z', 'GET /x')).toMatchObject({ kind: 'server_error', status: 503 });
    expect(statusFailure(500, h(), now, 'Z', 'GET /x')).toMatchObject({ kind: 'server_error', status: 500 });
    expect(statusFailure(404, h(), now, 'Z', 'GET /x')).toMatchObject({ kind: 'not_configured' });
    expect(statusFailure(400, h(), now, 'Z', 'GET /x')).toMatchObject({ kind: 'bad_response' });
    expect(statusFailure(301, h({ location: 'https://elsewhere.example' }), now, 'Z', 'GET /x')).toMatchObject({
      kind: 'not_configured',
    });
  });

  it('reads both rate-limit header families', () => {
    expect(readRateLimit(new Headers({ 'x-rate-limit': '400', 'x-rate-limit-remaining': '12' }), now)).toMatchObject({
      limit: 400,
      remaining: 12,
      resetAt: null,
    });
    expect(
      readRateLimit(
        new Headers({ 'ratelimit-limit': '700', 'ratelimit-remaining': '3', 'ratelimit-reset': '20' }),
        now,
      ),
    ).toMatchObject({ limit: 700, remaining: 3, resetAt: '2026-11-30T12:00:20.000Z' });
    expect(readRateLimit(new Headers(), now)).toBeNull();
  });

  it('redacts secrets from details', () => {
    expect(redactFailure({ kind: 'offline', detail: 'token abcd1234 leaked' }, ['abcd1234']).detail).toBe(
      'token [redacted] leaked',
    );
  });
});
