import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/main/core/text';
import { formatDuration, formatWhen, parseHhMm, zonedParts, zonedTimeToMs } from '../../../src/shared/format';
import { DAY, HOUR, MINUTE, T0 } from '../../support/factories';

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [59 * 1000, '0m'],
    [42 * MINUTE, '42m'],
    [-20 * MINUTE, '20m'],
    [HOUR, '1h'],
    [3 * HOUR + 5 * MINUTE, '3h 5m'],
    [DAY, '1d'],
    [3 * DAY + 4 * HOUR + 10 * MINUTE, '3d 4h'],
    [Number.NaN, '?'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('times in a zone', () => {
  it('reads weekday and minute of day in the zone', () => {
    expect(zonedParts(T0, 'Asia/Kolkata')).toEqual({
      year: 2026,
      month: 11,
      day: 30,
      weekday: 1,
      minuteOfDay: 15 * 60 + 30,
    });
  });

  it('turns local wall time into an instant, across DST', () => {
    expect(new Date(zonedTimeToMs(2026, 7, 1, 9 * 60, 'Europe/London')).toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(new Date(zonedTimeToMs(2026, 12, 1, 9 * 60, 'Europe/London')).toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
  });

  it('says the weekday for the coming days and the date further out', () => {
    expect(formatWhen(T0 + DAY, T0, 'UTC')).toBe('Tue 10:00');
    expect(formatWhen(T0 + 14 * DAY, T0, 'UTC')).toBe('Mon 14 Dec 10:00');
  });

  it('an unknown zone falls back to UTC instead of throwing', () => {
    expect(formatWhen(T0 + DAY, T0, 'Nowhere/Land')).toBe('Tue 10:00');
  });

  it.each([
    ['09:00', 540],
    ['23:59', 1439],
    ['24:00', null],
    ['9am', null],
  ])('parses %s', (text, minutes) => {
    expect(parseHhMm(text)).toBe(minutes);
  });
});

describe('plainText', () => {
  it('strips control and bidi characters and collapses whitespace', () => {
    expect(plainText('a\u202eb\u0007c\n\td\u200b  e')).toBe('abc d e');
  });

  it('strips every invisible or disguising character, including lone surrogates and tag characters', () => {
    const hostile = [
      '\u2066', // left-to-right isolate
      '\u206a', // inhibit symmetric swapping (deprecated format)
      '\u00ad', // soft hyphen
      '\u180e', // Mongolian vowel separator
      '\ufff9', // interlinear annotation anchor
      '\u{e0041}', // invisible tag "A" (ASCII smuggling)
      '\ud800', // lone high surrogate
      '\udc00', // lone low surrogate
      '\u3164', // Hangul filler
      '\u0085', // next line (C1)
    ];
    for (const char of hostile) expect(plainText(`pay${char}ment`)).toBe('payment');
    expect(plainText('\u3164\u3164')).toBe('');
    expect(plainText('🎫 kept')).toBe('🎫 kept');
  });

  it('keeps long hostile text bounded', () => {
    const text = plainText(`${'\u202e<script>'.repeat(20_000)}\n${'x'.repeat(100_000)}`, 120);
    expect(Array.from(text)).toHaveLength(120);
    expect(text).not.toMatch(/[\u202e\n]/);
  });

  it('truncates with an ellipsis without splitting emoji', () => {
    expect(plainText('🎫🎫🎫🎫', 3)).toBe('🎫🎫…');
    expect(plainText('short', 10)).toBe('short');
  });

  it('turns non-strings into empty text', () => {
    expect(plainText(undefined)).toBe('');
    expect(plainText(42)).toBe('');
  });
});
