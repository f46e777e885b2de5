import { describe, expect, it } from 'vitest';
import { MAX_SERVER_WAIT_MS, parseServerWait, readRateLimit } from '../../../src/main/sources/http';

const now = Date.parse('2026-11-30T12:00:00Z');
const HOUR = MAX_SERVER_WAIT_MS;

describe('parseServerWait', () => {
  it.each<[string, Record<string, string>, number | null]>([
    ['no headers', {}, null],
    ['Retry-After seconds', { 'retry-after': '30' }, 30_000],
    ['Retry-After zero', { 'retry-after': '0' }, 0],
    ['Retry-After with spaces', { 'retry-after': ' 7 ' }, 7_000],
    ['Retry-After negative', { 'retry-after': '-5' }, null],
    ['Retry-After fractional', { 'retry-after': '1.5' }, null],
    ['Retry-After exponent', { 'retry-after': '1e3' }, null],
    ['Retry-After NaN', { 'retry-after': 'NaN' }, null],
    ['Retry-After Infinity', { 'retry-after': 'Infinity' }, null],
    ['Retry-After garbage', { 'retry-after': 'soon' }, null],
    ['Retry-After empty', { 'retry-after': '' }, null],
    ['Retry-After hex', { 'retry-after': '0x10' }, null],
    ['Retry-After ISO date (not an HTTP date)', { 'retry-after': '2026-11-30T12:05:00Z' }, null],
    ['Retry-After huge seconds, clamped', { 'retry-after': '99999999999' }, HOUR],
    ['Retry-After past the safe integers', { 'retry-after': '9'.repeat(40) }, null],
    ['Retry-After HTTP date ahead', { 'retry-after': 'Mon, 30 Nov 2026 12:05:00 GMT' }, 300_000],
    ['Retry-After HTTP date in the past', { 'retry-after': 'Mon, 30 Nov 2020 12:05:00 GMT' }, 0],
    ['Retry-After HTTP date a month ahead, clamped', { 'retry-after': 'Wed, 30 Dec 2026 12:00:00 GMT' }, HOUR],
    ['Retry-After RFC 850 date', { 'retry-after': 'Monday, 30-Nov-26 12:01:00 GMT' }, 60_000],
    ['Retry-After invalid date', { 'retry-after': 'Mon, 99 Foo 2026 12:05:00 GMT' }, null],
    ['reset without a spent window is no wait', { 'ratelimit-remaining': '3', 'ratelimit-reset': '20' }, null],
    ['reset with a spent window', { 'ratelimit-remaining': '0', 'ratelimit-reset': '20' }, 20_000],
    ['reset with a policy suffix', { 'ratelimit-remaining': '0', 'ratelimit-reset': '20;w=60' }, 20_000],
    ['reset of 34 days, clamped', { 'ratelimit-remaining': '0', 'ratelimit-reset': String(34 * 86_400) }, HOUR],
    ['reset negative', { 'ratelimit-remaining': '0', 'ratelimit-reset': '-20' }, null],
    ['reset garbage', { 'ratelimit-remaining': '0', 'ratelimit-reset': 'later' }, null],
    [
      'x-ratelimit-reset as epoch seconds',
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 90) },
      90_000,
    ],
    [
      'x-ratelimit-reset epoch in the past',
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 - 90) },
      0,
    ],
    ['x-rate-limit-reset seconds', { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '15' }, 15_000],
    ['Retry-After wins over reset', { 'retry-after': '5', 'ratelimit-remaining': '0', 'ratelimit-reset': '50' }, 5_000],
    [
      'bad Retry-After falls back to reset',
      { 'retry-after': '-1', 'ratelimit-remaining': '0', 'ratelimit-reset': '50' },
      50_000,
    ],
    ['remaining garbage is not a spent window', { 'ratelimit-remaining': 'zero', 'ratelimit-reset': '50' }, null],
  ])('%s', (_name, headers, expected) => {
    const wait = parseServerWait(new Headers(headers), now);
    expect(wait).toBe(expected);
    if (wait !== null) {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(MAX_SERVER_WAIT_MS);
    }
  });

  it('reports a reset instant no further than the cap', () => {
    const info = readRateLimit(new Headers({ 'ratelimit-remaining': '0', 'ratelimit-reset': '99999999' }), now);
    expect(info).toMatchObject({ remaining: 0, resetAt: new Date(now + MAX_SERVER_WAIT_MS).toISOString() });
    expect(readRateLimit(new Headers({ 'ratelimit-reset': '-4' }), now)).toBeNull();
  });
});
