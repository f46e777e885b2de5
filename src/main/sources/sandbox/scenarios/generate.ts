/**
 * Large, deterministic scenarios for benchmarks and soak runs: the demo's accounts, views and schedules with as
 * many synthetic tickets as asked, spread over every status, priority, tier and source.
 */
import type { Scenario, ScenarioOrganization, ScenarioTicket, ScenarioUser, SlaSeed } from '../scenario';
import { DEMO_GROUPS, demoScenario } from './demo';

const STATUSES = ['new', 'open', 'open', 'open', 'pending', 'hold', 'solved'] as const;
const PRIORITIES = ['urgent', 'high', 'high', 'normal', 'normal', 'normal', 'low', null] as const;
const PLANS = ['free', 'pay_as_you_go', 'teams', 'scale', 'enterprise'] as const;
const METRICS = ['first_reply_time', 'next_reply_time', 'periodic_update_time'] as const;

/** Same `seed`, same scenario. Every generated ticket lands in at least one of the demo's two active views. */
export function generateScenario(opts: { tickets: number; seed?: number }): Scenario {
  const count = Math.max(0, Math.floor(opts.tickets));
  const random = mulberry32(opts.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const scenario = demoScenario();
  scenario.name = `generated-${count}-${opts.seed ?? 1}`;

  const orgCount = Math.max(1, Math.ceil(count / 10));
  const organizations: ScenarioOrganization[] = [];
  for (let index = 0; index < orgCount; index++) {
    const plan = pick(PLANS);
    const warning = random() < 0.05 ? 'Recordings may contain sensitive content.' : null;
    organizations.push({
      id: 100_000 + index,
      name: `Customer ${index + 1}`,
      domain_names: [`customer-${index + 1}.example`],
      tags: warning ? ['content_warning'] : [],
      organization_fields: { plan, mrr: plan === 'free' ? 0 : Math.round(random() * 20_000), content_warning: warning },
    });
  }
  const userCount = Math.max(1, Math.ceil(count / 3));
  const users: ScenarioUser[] = [];
  for (let index = 0; index < userCount; index++) {
    const organization = organizations[index % orgCount] as ScenarioOrganization;
    users.push({
      id: 200_000 + index,
      name: `Requester ${index + 1}`,
      email: `requester-${index + 1}@customer-${(index % orgCount) + 1}.example`,
      role: 'end-user',
      organization_id: organization.id,
    });
  }

  const tickets: ScenarioTicket[] = [];
  for (let index = 0; index < count; index++) {
    const user = users[index % userCount] as ScenarioUser;
    const organization = organizations.find((candidate) => candidate.id === user.organization_id);
    const status = pick(STATUSES);
    const escalated = random() < 0.4;
    const tags = [`plan_${organization?.organization_fields.plan ?? 'free'}`];
    if (escalated) tags.push('escalated');
    // Escalated solved tickets leave the escalated view, so they must stay in the other one.
    if (!escalated || status === 'solved' || random() < 0.2) tags.push('team_infrastructure');
    if (random() < 0.03) tags.push('customer_success');
    if (organization?.tags.includes('content_warning')) tags.push('content_warning');
    const source = random();
    let via: ScenarioTicket['via'] = { channel: 'email' };
    let description = `Synthetic ticket ${index + 1}.`;
    if (source < 0.15) {
      tags.push('community_question');
      via = { channel: 'web' };
      description += `\n\nAnswer it here: https://posthog.com/questions/generated-question-${index + 1}`;
    } else if (source < 0.3) {
      tags.push('pylon', 'slack');
      via = { channel: 'api', source: { from: { name: 'Pylon (Slack)' }, to: {}, rel: null } };
      description += '\n\nFrom Slack: https://posthog.slack.com/archives/C0GENERATED/p1732960000000001';
    }
    const createdMinutesAgo = Math.floor(random() * 7 * 24 * 60);
    const sla: SlaSeed[] =
      status === 'solved'
        ? []
        : [
            {
              metric: pick(METRICS),
              stage: status === 'pending' || status === 'hold' ? 'paused' : 'active',
              breachInMinutes: Math.floor(random() * 48 * 60) - 12 * 60,
            },
          ];
    tickets.push({
      id: 1_000_000 + index,
      subject: `Generated ticket ${index + 1}: ${pick(['Insights', 'Replay', 'Ingestion', 'Billing', 'Flags'])} issue`,
      description,
      status,
      priority: pick(PRIORITIES),
      type: 'question',
      tags,
      group_id: escalated ? DEMO_GROUPS.productAnalytics : DEMO_GROUPS.infrastructure,
      assignee_id: null,
      requester_id: user.id,
      organization_id: organization?.id ?? null,
      via,
      custom_fields: [],
      createdMinutesAgo,
      updatedMinutesAgo: Math.floor(random() * Math.min(createdMinutesAgo + 1, 600)),
      sla,
    });
  }
  scenario.zendesk.tickets = tickets;
  scenario.zendesk.users = [...scenario.zendesk.users.filter((user) => user.role !== 'end-user'), ...users];
  scenario.zendesk.organizations = organizations;
  return scenario;
}

/** A small, fast, seedable PRNG (mulberry32: deterministic across platforms, unlike Math.random). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
