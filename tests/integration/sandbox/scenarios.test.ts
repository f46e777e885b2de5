import { afterEach, describe, expect, it } from 'vitest';
import {
  DEMO_ME,
  DEMO_SCHEDULES,
  demoScenario,
  emptyScenario,
  generateScenario,
  type Sandbox,
  type ScenarioTicket,
  startSandbox,
} from '../../../src/main/sources/sandbox';
import { findAdminLine, parseAdminLine } from '../../../src/main/sources/zendesk/admin-line';
import { fixedClock } from '../../support/factories';
import { getJson, PAGERDUTY_AUTH, T0, ZENDESK_AUTH } from './support';

let sandbox: Sandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const DAY_MINUTES = 24 * 60;

describe('demo scenario', () => {
  const demo = demoScenario();
  const tickets = demo.zendesk.tickets;
  const tagged = (tag: string) => tickets.filter((ticket) => ticket.tags.includes(tag));
  const organization = (ticket: ScenarioTicket) =>
    demo.zendesk.organizations.find((org) => org.id === ticket.organization_id);

  it('is PostHog support with 30-odd tickets in two overlapping team views', () => {
    expect(demo.zendesk.subdomain).toBe('posthoghelp-demo');
    expect(tickets.length).toBeGreaterThanOrEqual(30);
    expect(tickets.length).toBeLessThan(40);
    expect(demo.zendesk.views.filter((view) => view.active).map((view) => view.title)).toEqual([
      'Product Analytics (escalated)',
      'Infrastructure',
    ]);
  });

  it('covers every handbook tier', () => {
    expect(tagged('customer_success').length).toBeGreaterThan(0);
    const escalated = tagged('escalated').filter((ticket) => ticket.status === 'open' || ticket.status === 'new');
    for (const priority of ['urgent', 'high', 'normal']) {
      expect(
        escalated.some((ticket) => ticket.priority === priority),
        priority,
      ).toBe(true);
    }
    const nonEscalatedNearBreach = tickets.filter(
      (ticket) =>
        !ticket.tags.includes('escalated') &&
        ['new', 'open'].includes(ticket.status) &&
        ticket.sla.some((seed) => seed.stage === 'active' && seed.breachInMinutes > 0 && seed.breachInMinutes <= 180),
    );
    expect(nonEscalatedNearBreach.length).toBeGreaterThan(0);
    expect(tickets.some((ticket) => ticket.status === 'open' && ticket.priority === 'low')).toBe(true);
  });

  it('has one ticket breaching in 50 minutes and one already breached', () => {
    const active = tickets.flatMap((ticket) => ticket.sla.filter((seed) => seed.stage === 'active'));
    expect(active.some((seed) => seed.breachInMinutes === 50)).toBe(true);
    expect(active.some((seed) => seed.breachInMinutes < 0)).toBe(true);
  });

  it('has every ticket source the handbook names', () => {
    const community = tagged('community_question');
    expect(
      community.some(
        (ticket) => ticket.via.channel === 'web' && /https:\/\/posthog\.com\/questions\/\S+/.test(ticket.description),
      ),
    ).toBe(true);
    const slack = tagged('pylon');
    expect(
      slack.some((ticket) => ticket.via.channel === 'api' && /https:\/\/\S*slack\.com\//.test(ticket.description)),
    ).toBe(true);
    const replays = tickets.filter((ticket) => /^Bug Report: Session replay \([0-9a-f-]{36}\)$/.test(ticket.subject));
    expect(replays.length).toBeGreaterThan(0);
    for (const ticket of replays) {
      expect(ticket.tags.some((tag) => tag.startsWith('plan_'))).toBe(true);
      expect(ticket.tags.some((tag) => tag.startsWith('owner_'))).toBe(true);
    }
    const inApp = tickets.filter((ticket) => /^(Bug Report|Feedback|Support ticket): /.test(ticket.subject));
    expect(inApp.length).toBeGreaterThanOrEqual(6);
    for (const ticket of inApp) {
      expect(ticket.tags.some((tag) => tag.startsWith('plan_'))).toBe(true);
      const lines = ticket.description.split('\n').slice(-4);
      expect(lines.slice(0, 3).map((line) => line.split(':')[0])).toEqual(['Kind', 'Target area', 'Session']);
      // The form's last line is its Admin line, in one of the forms PostHog's support form has written.
      expect(parseAdminLine(lines[3]!), lines[3]).not.toBeNull();
    }
    const github = tickets.filter(
      (ticket) =>
        ticket.tags.includes('github') &&
        /https:\/\/github\.com\/PostHog\/posthog\/issues\/\d+/.test(ticket.description),
    );
    expect(github.map((ticket) => ticket.id)).toEqual([48_130]);
  });

  it('writes the Admin line in every form the support form has had, one per era across the in-app tickets', () => {
    const forms = tickets.map((ticket) => findAdminLine(ticket.description)?.form).filter((form) => form !== undefined);
    expect([...forms].sort()).toEqual(
      ['admin_link', 'go_link', 'go_link_ids', 'internal', 'markdown', 'markdown_project_id'].sort(),
    );
    const internal = tickets.find((ticket) => findAdminLine(ticket.description)?.form === 'internal');
    expect(findAdminLine(internal!.description)).toEqual({
      organizationName: 'Hedgebox Inc.',
      organizationId: '0191aa3c-1f2e-7d4c-8b9a-0a1b2c3d4e5f',
      form: 'internal',
    });
  });

  it('has a content-warning organization, content warnings from its field only and from the tag only, and a free-email temporary org', () => {
    const warned = demo.zendesk.organizations.filter(
      (org) => typeof org.organization_fields.content_warning === 'string',
    );
    expect(warned).toHaveLength(1);
    const warnedTickets = tickets.filter((ticket) => organization(ticket)?.id === warned[0]?.id);
    expect(warnedTickets.length).toBeGreaterThan(0);
    // Every ticket of the warned organization carries the tag but one, which only the organization's field warns.
    expect(warnedTickets.filter((ticket) => !ticket.tags.includes('content_warning')).map((t) => t.id)).toEqual([
      48_131,
    ]);
    expect(warnedTickets.filter((ticket) => ticket.tags.includes('content_warning')).length).toBeGreaterThan(1);
    // And one carries the tag while its organization's field is empty.
    const tagOnly = tickets.filter(
      (ticket) => ticket.tags.includes('content_warning') && organization(ticket)?.id !== warned[0]?.id,
    );
    expect(tagOnly.map((ticket) => ticket.id)).toEqual([48_129]);
    expect(organization(tagOnly[0]!)?.organization_fields.content_warning).toBeNull();
    const gmail = tickets.filter(
      (ticket) => organization(ticket)?.name === 'Gmail user - please assign to correct org',
    );
    expect(
      gmail.filter((ticket) => findAdminLine(ticket.description)?.organizationName === 'Northwind Robotics').length,
    ).toBeGreaterThanOrEqual(2);
    // A community question from the free-email org: the handbook leaves those out of the reassignment.
    expect(gmail.filter((ticket) => ticket.tags.includes('community_question')).map((t) => t.id)).toEqual([48_116]);
  });

  it('has a Customer Success ticket On-hold tagged `cs_tagged`, two running SLA targets on one ticket, and an escalated New High ticket near breach', () => {
    const csWaiting = tagged('cs_tagged').filter((ticket) => ticket.status === 'hold' || ticket.status === 'pending');
    expect(csWaiting.map((ticket) => ticket.id)).toEqual([48_109]);
    const twoRunning = tickets.filter((ticket) => ticket.sla.filter((seed) => seed.stage === 'active').length >= 2);
    expect(twoRunning.map((ticket) => ticket.id)).toEqual([48_117]);
    expect(twoRunning[0]!.sla.map((seed) => seed.metric).sort()).toEqual(['next_reply_time', 'periodic_update_time']);
    const escalatedNewHigh = tagged('escalated').filter(
      (ticket) => ticket.status === 'new' && (ticket.priority === 'high' || ticket.priority === 'urgent'),
    );
    expect(escalatedNewHigh.map((ticket) => ticket.id)).toEqual([48_104]);
    // Inside the handbook's 3-hour warning window from the start, so its SLA warnings show.
    expect(escalatedNewHigh[0]!.sla).toEqual([{ metric: 'first_reply_time', stage: 'active', breachInMinutes: 150 }]);
  });

  it('has waiting and finished tickets, and plans with MRR', () => {
    const statuses = new Set(tickets.map((ticket) => ticket.status));
    for (const status of ['new', 'open', 'pending', 'hold', 'solved'])
      expect(statuses.has(status as never), status).toBe(true);
    const paying = demo.zendesk.organizations.filter(
      (org) => typeof org.organization_fields.mrr === 'number' && org.organization_fields.mrr > 0,
    );
    expect(paying.length).toBeGreaterThan(3);
    expect(demo.zendesk.organizationFields.map((field) => field.key)).toEqual(['plan', 'mrr', 'content_warning']);
  });

  it('starts my week on the support schedule in 20 minutes while someone else is on call', () => {
    const schedule = demo.pagerduty.schedules.find((candidate) => candidate.id === DEMO_SCHEDULES.productAnalytics);
    expect(schedule?.name).toBe('Product Analytics Support');
    const current = schedule?.shifts.find((shift) => (shift.startInMinutes ?? 0) <= 0 && (shift.endInMinutes ?? 1) > 0);
    expect(current?.userId).not.toBe(DEMO_ME.id);
    const mine = schedule?.shifts.find((shift) => shift.userId === DEMO_ME.id);
    expect(mine).toEqual({ userId: DEMO_ME.id, startInMinutes: 20, endInMinutes: 7 * DAY_MINUTES + 20 });
    expect(demo.pagerduty.schedules.length).toBeGreaterThanOrEqual(2);
    // The next Support Hero: someone else's shift starts on the same schedule when mine ends.
    const after = schedule?.shifts.find((shift) => shift.startInMinutes === mine?.endInMinutes);
    expect(after?.userId).not.toBe(DEMO_ME.id);
    expect(demo.pagerduty.users.find((user) => user.id === after?.userId)?.name).toBe('Lena Latency');
  });

  it('returns a fresh copy every time', () => {
    const first = demoScenario();
    first.zendesk.tickets.length = 0;
    expect(demoScenario().zendesk.tickets.length).toBe(tickets.length);
  });
});

describe('empty scenario', () => {
  it('serves no tickets and no turn, with the same credentials', async () => {
    sandbox = await startSandbox({ scenario: 'empty', clock: fixedClock(T0).now });
    const views = await getJson(`${sandbox.zendeskBaseUrl}/views/active`, ZENDESK_AUTH);
    for (const view of views.body.views as { id: number }[]) {
      const page = await getJson(`${sandbox.zendeskBaseUrl}/views/${view.id}/tickets`, ZENDESK_AUTH);
      expect(page.body.tickets).toEqual([]);
    }
    const since = new Date(T0).toISOString();
    const until = new Date(T0 + 89 * DAY_MINUTES * 60_000).toISOString();
    const mine = await getJson(
      `${sandbox.pagerdutyBaseUrl}/oncalls?user_ids[]=${DEMO_ME.id}&since=${since}&until=${until}`,
      PAGERDUTY_AUTH,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.oncalls).toEqual([]);
    expect(emptyScenario().zendesk.tickets).toEqual([]);
  });
});

describe('generated scenarios', () => {
  it('are deterministic for a seed, sized as asked, with unique ids', () => {
    const first = generateScenario({ tickets: 500, seed: 42 });
    expect(generateScenario({ tickets: 500, seed: 42 })).toEqual(first);
    expect(generateScenario({ tickets: 500, seed: 43 }).zendesk.tickets).not.toEqual(first.zendesk.tickets);
    expect(first.zendesk.tickets).toHaveLength(500);
    expect(new Set(first.zendesk.tickets.map((ticket) => ticket.id)).size).toBe(500);
    const requesterIds = new Set(first.zendesk.users.map((user) => user.id));
    expect(first.zendesk.tickets.every((ticket) => requesterIds.has(ticket.requester_id))).toBe(true);
    expect(generateScenario({ tickets: 0 }).zendesk.tickets).toEqual([]);
  });

  it('serve thousands of tickets through the views', async () => {
    const scenario = generateScenario({ tickets: 2000, seed: 5 });
    sandbox = await startSandbox({ scenario, clock: fixedClock(T0).now, rateLimits: { zendeskPerMinute: null } });
    let served = 0;
    for (const view of scenario.zendesk.views.filter((candidate) => candidate.active)) {
      const first = await getJson(`${sandbox.zendeskBaseUrl}/views/${view.id}/tickets?per_page=1`, ZENDESK_AUTH);
      served += first.body.count;
    }
    expect(served).toBeGreaterThanOrEqual(2000);
  });
});
