import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pagerDutyBaseUrl } from '../../../../src/main/sources/pagerduty/client';
import {
  coversInstant,
  dedupeEntries,
  transformOnCall,
  transformSchedule,
  transformUser,
} from '../../../../src/main/sources/pagerduty/transform';

const entry = (overrides: Record<string, unknown> = {}) => ({
  user: { id: 'PU1', type: 'user', name: 'Ada Lovelace', summary: 'Ada', email: 'ada@example.com' },
  schedule: {
    id: 'PS1',
    type: 'schedule_reference',
    summary: 'Product Analytics',
    html_url: 'https://posthog.pagerduty.com/schedules/PS1',
  },
  escalation_level: 1,
  start: '2026-11-30T09:00:00-05:00',
  end: '2026-12-07T09:00:00-05:00',
  ...overrides,
});

describe('pagerduty transform', () => {
  it('reads an on-call entry with the user included and times in UTC', () => {
    expect(transformOnCall(entry())).toEqual({
      entry: {
        userId: 'PU1',
        userName: 'Ada Lovelace',
        scheduleId: 'PS1',
        scheduleName: 'Product Analytics',
        scheduleUrl: 'https://posthog.pagerduty.com/schedules/PS1',
        escalationLevel: 1,
        start: '2026-11-30T14:00:00.000Z',
        end: '2026-12-07T14:00:00.000Z',
      },
      problem: null,
    });
  });

  it('keeps v3 schedule references (id kept, name from summary) and permanent entries', () => {
    const result = transformOnCall(
      entry({ schedule: { id: 'PV3', type: 'schedule_v3_reference', summary: 'Flexible' }, start: null, end: null }),
    );
    expect(result.entry).toMatchObject({ scheduleId: 'PV3', scheduleName: 'Flexible', scheduleUrl: null });
    expect(result.entry).toMatchObject({ start: null, end: null });
  });

  it('rejects entries without a user id or with unreadable times, as problems', () => {
    expect(transformOnCall(entry({ user: { summary: 'nobody' } })).problem).toMatch(/no user id/);
    expect(transformOnCall(entry({ start: 'tomorrow' })).problem).toMatch(/unreadable start/);
    expect(transformOnCall('junk').problem).toMatch(/not an object/);
  });

  it('an entry without a schedule (direct escalation) is named, not dropped', () => {
    expect(transformOnCall(entry({ schedule: null })).entry).toMatchObject({
      scheduleId: null,
      scheduleName: 'No schedule',
    });
  });

  it('drops non-https schedule links', () => {
    const result = transformOnCall(entry({ schedule: { id: 'PS1', html_url: 'javascript:alert(1)' } }));
    expect(result.entry?.scheduleUrl).toBeNull();
  });

  it('users fall back from name to summary to id', () => {
    expect(transformUser({ id: 'PU2', summary: 'Bob' })).toEqual({ id: 'PU2', name: 'Bob', email: null });
    expect(transformUser({ id: 'PU3' })).toEqual({ id: 'PU3', name: 'PU3', email: null });
    expect(transformUser({ name: 'no id' })).toBeNull();
  });

  it('schedules fall back to a placeholder named by id', () => {
    expect(transformSchedule(null, 'PX')).toEqual({ id: 'PX', name: 'PX', url: null, timeZone: null });
    expect(transformSchedule({ id: 'PS', name: 'Infra', time_zone: 'Europe/London' }, 'PS')).toMatchObject({
      name: 'Infra',
      timeZone: 'Europe/London',
    });
  });

  it('dedupes the same shift listed by several escalation policies, keeping the highest level', () => {
    const a = transformOnCall(entry({ escalation_level: 2 })).entry!;
    const b = transformOnCall(entry({ escalation_level: 1 })).entry!;
    const other = transformOnCall(entry({ user: { id: 'PU9' } })).entry!;
    expect(dedupeEntries([a, b, other])).toEqual([b, other]);
  });

  it('coversInstant treats null bounds as open and end as exclusive', () => {
    const e = transformOnCall(entry()).entry!;
    expect(coversInstant(e, Date.parse('2026-11-30T14:00:00Z'))).toBe(true);
    expect(coversInstant(e, Date.parse('2026-12-07T14:00:00Z'))).toBe(false);
    expect(coversInstant({ ...e, start: null, end: null }, 0)).toBe(true);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const result = transformOnCall(raw);
        expect((result.entry === null) !== (result.problem === null)).toBe(true);
      }),
    );
  });

  it('picks the regional API base unless overridden', () => {
    expect(pagerDutyBaseUrl({ region: 'us' })).toBe('https://api.pagerduty.com');
    expect(pagerDutyBaseUrl({ region: 'eu' })).toBe('https://api.eu.pagerduty.com');
    expect(pagerDutyBaseUrl({ region: 'eu', baseUrl: 'http://127.0.0.1:9/pagerduty/' })).toBe(
      'http://127.0.0.1:9/pagerduty',
    );
  });
});
