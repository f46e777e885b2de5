import { describe, expect, it } from 'vitest';
import {
  formatIn,
  isImminent,
  openTarget,
  presentEntry,
  presentHealth,
  presentTurn,
} from '../../../src/main/core/presentation';
import { emptyHealth } from '../../../src/main/core/snapshot';
import {
  IMMINENT_BREACH_MINUTES,
  type SlaView,
  type SourceFailure,
  type SourceHealth,
  type Turn,
  type TurnView,
} from '../../../src/shared/domain';
import { DAY, HOUR, MINUTE, makeTicket, T0 } from '../../support/factories';
import { freshHealth, makeSnapshot } from '../../support/snapshots';

const iso = (ms: number) => new Date(ms).toISOString();

function turnOf(start: number | null, end: number | null, names = ['Product Analytics']): Turn {
  return {
    start: start === null ? null : iso(start),
    end: end === null ? null : iso(end),
    scheduleIds: names.map((_, i) => `P${i}`),
    scheduleNames: names,
    scheduleUrl: null,
  };
}

const OFF: TurnView = { onCall: false, current: null, next: null, onCallNow: [], nextHero: null };
const known = { known: true, pagerduty: presentHealth(freshHealth('pagerduty')) };

function failing(source: 'zendesk' | 'pagerduty', failure: SourceFailure, message: string): SourceHealth {
  return { ...emptyHealth(source), state: 'failing', failure, message };
}

describe('presentTurn: one decision, at the three lengths faces use (T0 is Monday 10:00 UTC)', () => {
  it('on call until a known end', () => {
    const turn = presentTurn(
      { ...OFF, onCall: true, current: turnOf(T0 - HOUR, T0 + 3 * DAY + 4 * HOUR + 30 * MINUTE) },
      known,
      T0,
      'UTC',
    );
    expect(turn).toMatchObject({
      known: true,
      status: 'on_call',
      line: 'On call for Product Analytics until Thu 14:30 · 3d 4h left',
      short: 'On duty until Thu 14:30',
      long: 'On call now until Thu 14:30 (3d 4h left) (Product Analytics)',
    });
  });

  it('on call without an end', () => {
    const turn = presentTurn({ ...OFF, onCall: true, current: turnOf(null, null, []) }, known, T0, 'UTC');
    expect(turn).toMatchObject({
      status: 'on_call',
      line: 'On call for your schedule, no end scheduled',
      short: 'On duty (no end set)',
      long: 'On call now',
    });
  });

  it('an upcoming turn, near and far', () => {
    const near = presentTurn({ ...OFF, next: turnOf(T0 + 20 * MINUTE, T0 + DAY) }, known, T0, 'UTC');
    expect(near).toMatchObject({
      known: true,
      status: 'upcoming',
      line: 'Next turn Mon 10:20 · in 20m',
      short: 'Next turn Mon 10:20',
      long: 'Off duty · next turn Mon 10:20, in 20m (Product Analytics)',
    });
    const far = presentTurn({ ...OFF, next: turnOf(T0 + 14 * DAY - HOUR, null) }, known, T0, 'UTC');
    expect(far.line).toBe('Next turn Mon 14 Dec 09:00 · in 13 days');
  });

  it('no turn on any selected schedule', () => {
    expect(presentTurn(OFF, known, T0, 'UTC')).toMatchObject({
      known: true,
      status: 'none',
      line: 'Not on any selected schedule',
      short: 'No upcoming turn',
      long: 'Off duty · no turn in the schedules ahead',
    });
  });

  it('unknown without PagerDuty data, whatever the (empty) turn says, with the reason', () => {
    const offline = presentHealth(
      failing('pagerduty', { kind: 'offline', detail: 'ECONNREFUSED' }, 'PagerDuty: unreachable (offline?)'),
    );
    expect(presentTurn(OFF, { known: false, pagerduty: offline }, T0, 'UTC')).toMatchObject({
      known: false,
      status: 'unknown',
      line: 'Turn unknown: no answer from PagerDuty yet',
      short: 'Turn unknown (no PagerDuty data)',
      long: 'Turn unknown: PagerDuty: unreachable (offline?)',
    });
    const notSetUp = presentHealth(
      failing(
        'pagerduty',
        { kind: 'not_configured', detail: 'PagerDuty is not set up' },
        'PagerDuty is not set up: add the API token and schedules in the settings',
      ),
    );
    expect(presentTurn(OFF, { known: false, pagerduty: notSetUp }, T0, 'UTC')).toMatchObject({
      status: 'unknown',
      line: 'Turn unknown: PagerDuty is not connected',
      long: 'Turn unknown: PagerDuty is not set up: add the API token and schedules in the settings',
    });
  });

  it('keeps the turn facts next to the line, and words times in the user zone', () => {
    const view: TurnView = { ...OFF, onCall: true, current: turnOf(T0 - HOUR, T0 + 2 * HOUR) };
    const turn = presentTurn(view, known, T0, 'Europe/Berlin');
    expect(turn).toMatchObject(view);
    expect(turn.short).toBe('On duty until Mon 13:00');
  });

  it('terminal-safe schedule names in the long line', () => {
    const turn = presentTurn({ ...OFF, next: turnOf(T0 + HOUR, null, ['Evil\u001b[2J\nName']) }, known, T0, 'UTC');
    expect(turn.long).not.toContain('\u001b');
    expect(turn.long).not.toContain('\n');
    expect(turn.long).toContain('Evil');
  });

  it('buildSnapshot decides "known" from PagerDuty data, not from what the turn looks like', () => {
    expect(makeSnapshot({ myEntries: null }).turn).toMatchObject({ known: false, status: 'unknown' });
    expect(makeSnapshot({ myEntries: [] }).turn).toMatchObject({ known: true, status: 'none' });
  });
});

describe('openTarget: community questions open posthog.com, the rest Zendesk; the demo has no Zendesk', () => {
  const question = makeTicket({
    id: 1,
    source: 'community',
    moderationUrl: 'https://posthog.com/questions/q1',
    url: 'https://acme.zendesk.com/agent/tickets/1',
  });
  const ticket = makeTicket({ id: 2, source: 'email', url: 'https://acme.zendesk.com/agent/tickets/2' });

  it('a community question opens its question page', () => {
    expect(openTarget(question, false)).toEqual({ target: 'moderation', url: 'https://posthog.com/questions/q1' });
  });

  it('a ticket opens in Zendesk', () => {
    expect(openTarget(ticket, false)).toEqual({ target: 'ticket', url: 'https://acme.zendesk.com/agent/tickets/2' });
  });

  it('a community ticket without a question link opens in Zendesk', () => {
    const bare = { ...question, moderationUrl: null };
    expect(openTarget(bare, false)).toEqual({ target: 'ticket', url: 'https://acme.zendesk.com/agent/tickets/1' });
  });

  it("a demo ticket has no real page; a demo question's page is on posthog.com", () => {
    expect(openTarget(ticket, true)).toEqual({ target: 'ticket', url: null });
    expect(openTarget(question, true)).toEqual({ target: 'moderation', url: 'https://posthog.com/questions/q1' });
  });

  it('every queue entry of a snapshot carries its target', () => {
    const snapshot = makeSnapshot({ tickets: [question, ticket] });
    const byId = new Map(snapshot.queue.map((entry) => [entry.ticket.id, entry.open.target]));
    expect(byId).toEqual(
      new Map([
        [1, 'moderation'],
        [2, 'ticket'],
      ]),
    );
  });
});

describe('presentHealth: the service named once, and what is wrong without its name', () => {
  const cases: [SourceFailure, string, string, string][] = [
    [{ kind: 'offline', detail: 'x' }, 'Zendesk: unreachable (offline?)', 'unreachable (offline?)', ''],
    [{ kind: 'timeout', detail: 'x' }, 'Zendesk: no answer in time, retrying at 10:01', 'no answer in time', ''],
    [
      { kind: 'rate_limited', retryAt: iso(T0), detail: '429' },
      'Zendesk: rate limited, retrying at 10:02',
      'rate limited, retrying at 10:02',
      '',
    ],
    [{ kind: 'server_error', status: 500, detail: 'x' }, 'Zendesk: server error (500)', 'server error (500)', ''],
    [{ kind: 'bad_response', detail: 'x' }, 'Zendesk: unexpected response', 'unexpected response', ''],
    [
      { kind: 'auth_rejected', status: 401, detail: 'x' },
      'Zendesk refused the credentials (401): check them in the settings',
      'Zendesk refused the credentials (401): check them in the settings',
      'Zendesk refused the credentials (401): check them in the settings',
    ],
    [
      { kind: 'not_configured', detail: 'Zendesk is not set up' },
      'Zendesk is not set up: add the subdomain, email, API token and views in the settings',
      'Zendesk is not set up: add the subdomain, email, API token and views in the settings',
      'Zendesk is not set up: add the subdomain, email, API token and views in the settings',
    ],
  ];

  it.each(cases)('%o', (failure, message, reason, line) => {
    const view = presentHealth(failing('zendesk', failure, message));
    expect(view.label).toBe('Zendesk');
    expect(view.reason.startsWith(reason)).toBe(true);
    expect(view.line).toBe(line || `Zendesk: ${view.reason}`);
    expect(view.line).not.toMatch(/Zendesk: Zendesk/);
  });

  it('names the service of a message that does not', () => {
    expect(presentHealth({ ...emptyHealth('pagerduty') })).toMatchObject({
      label: 'PagerDuty',
      reason: 'Not checked yet',
      line: 'PagerDuty: Not checked yet',
    });
  });
});

describe('imminence: one "one hour" for the row, the tray and urgent alerts', () => {
  const sla = (minutes: number | null, state: SlaView['state']): SlaView => ({
    state,
    metric: 'next_reply_time',
    breachAt: null,
    msToBreach: minutes === null ? null : minutes * MINUTE,
  });

  it('breached, or breaching within IMMINENT_BREACH_MINUTES inclusive', () => {
    expect(IMMINENT_BREACH_MINUTES).toBe(60);
    expect(isImminent(sla(-5, 'breached'))).toBe(true);
    expect(isImminent(sla(60, 'warning'))).toBe(true);
    expect(isImminent(sla(61, 'warning'))).toBe(false);
    expect(isImminent(sla(null, 'paused'))).toBe(false);
    expect(isImminent(sla(null, 'none'))).toBe(false);
  });

  it('presentEntry marks it on the entry, next to the open target', () => {
    const ranked = makeSnapshot({ tickets: [makeTicket({ id: 5 })] }).queue[0]!;
    const entry = presentEntry({ ...ranked, sla: sla(30, 'warning') }, false);
    expect(entry.imminent).toBe(true);
    expect(entry.open.target).toBe('ticket');
  });

  it('formats far-off and near instants', () => {
    expect(formatIn(13 * DAY)).toBe('in 13 days');
    expect(formatIn(3 * HOUR + 5 * MINUTE)).toBe('in 3h 5m');
  });
});
