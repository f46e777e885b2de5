/**
 * A realistic week of PostHog support for the Product Analytics team, seen by the engineer whose Support Hero
 * turn starts in 20 minutes (Lena Latency takes over a week later). 30-odd tickets exercise every rule: every
 * handbook tier (Customer Success while On-hold too, and an escalated New ticket that no tier takes), every ticket
 * source (in-app, community, Slack, GitHub, email), content warnings from the tag, the organization's field and
 * both, the free-email temporary org (and the community question it does not apply to), every era of the in-app
 * form's `Admin` line, two running SLA targets on one ticket, a breached and a nearly breached SLA.
 */
import { SANDBOX_CREDENTIALS } from '../credentials';
import type { Scenario, ScenarioOrganization, ScenarioTicket, ScenarioUser, SlaSeed } from '../scenario';
import { SANDBOX_READ_ONLY_ZENDESK } from '../zendesk-writes';
import { slackDemoWorld } from './slack-demo';

const MINUTE = 1;
const HOUR = 60;
const DAY = 24 * HOUR;

export const DEMO_GROUPS = {
  productAnalytics: 360_012_884_401,
  infrastructure: 360_012_884_402,
  comms: 360_012_884_403,
} as const;

export const DEMO_VIEWS = {
  productAnalyticsEscalated: 17_989_255_082_139,
  infrastructure: 14_507_148_758_939,
} as const;

export const DEMO_SCHEDULES = {
  productAnalytics: 'PXUZ9XL',
  infrastructure: 'P78OOWZ',
  /** A flexible (v3) schedule: only reachable through `/oncalls` and `/v3/schedules`. */
  webAnalytics: 'PWA3V3X',
} as const;

/** The PagerDuty user the demo credentials belong to. */
export const DEMO_ME = { id: 'PHERO42', name: 'Demo Hero', email: SANDBOX_CREDENTIALS.zendesk.email } as const;

const ORG = {
  hedgebox: 9_101,
  acme: 9_102,
  lumen: 9_103,
  gmail: 9_104,
  pixel: 9_105,
  northwind: 9_106,
  quill: 9_107,
  driftwood: 9_108,
} as const;

const organizations: ScenarioOrganization[] = [
  org(ORG.hedgebox, 'Hedgebox Inc.', ['hedgebox.net'], { plan: 'enterprise', mrr: 12_500 }),
  org(ORG.acme, 'Acme Analytics', ['acme-analytics.io'], { plan: 'scale', mrr: 2_300 }),
  org(ORG.lumen, 'Lumen Health', ['lumenhealth.app'], {
    plan: 'teams',
    mrr: 450,
    content_warning: 'Session recordings may show explicit medical imagery. Ask before sharing screenshots.',
  }),
  org(ORG.gmail, 'Gmail user - please assign to correct org', ['gmail.com'], { plan: null, mrr: null }),
  org(ORG.pixel, 'Pixel Pines', ['pixelpines.dev'], { plan: 'free', mrr: 0 }),
  org(ORG.northwind, 'Northwind Robotics', ['northwind.ai'], { plan: 'scale', mrr: 5_400 }),
  org(ORG.quill, 'Quill & Co', ['quill.co'], { plan: 'pay_as_you_go', mrr: 120 }),
  org(ORG.driftwood, 'Driftwood Games', ['driftwood.gg'], { plan: 'enterprise', mrr: 31_000 }),
];

const AGENT = { hero: 7_001, comms: 7_002, teammate: 7_003 } as const;

const users: ScenarioUser[] = [
  agent(AGENT.hero, 'Demo Hero', SANDBOX_CREDENTIALS.zendesk.email),
  agent(AGENT.comms, 'Casey Comms', 'casey@posthog.com'),
  agent(AGENT.teammate, 'Robin Rotation', 'robin@posthog.com'),
  endUser(8_001, 'Jane Doe', 'jane@hedgebox.net', ORG.hedgebox),
  endUser(8_002, 'Omar Haddad', 'omar@acme-analytics.io', ORG.acme),
  endUser(8_003, 'Priya Natarajan', 'priya@lumenhealth.app', ORG.lumen),
  endUser(8_004, 'Pat Developer', 'pat.dev@gmail.com', ORG.gmail),
  endUser(8_005, 'Lee Park', 'lee@pixelpines.dev', ORG.pixel),
  endUser(8_006, 'Sofia Marquez', 'sofia@northwind.ai', ORG.northwind),
  endUser(8_007, 'Tom Quill', 'tom@quill.co', ORG.quill),
  endUser(8_008, 'Mina Cho', 'mina@driftwood.gg', ORG.driftwood),
  endUser(8_009, 'Alex Visitor', 'alex.visitor@example.org', null),
  endUser(8_010, 'Gabe Stone', 'gabe@hedgebox.net', ORG.hedgebox),
];

// The handbook's team lists: Product Analytics shows escalated tickets only; Infrastructure shows everything
// tagged for it. Ticket 48_121 is both, so the two views overlap.
const PA = DEMO_GROUPS.productAnalytics;
const INFRA = DEMO_GROUPS.infrastructure;

// Each comment says what the app does with the ticket under the handbook's rule table, at the anchor (my turn
// starts 20 minutes later). "Tier N" is the handbook's prioritization order; tiers 1 to 4 go in the handover.
const tickets: ScenarioTicket[] = [
  // Tier 1 (tag `customer_success`), from Slack via Pylon: a Customer Success alert; breaches in 1h 35m.
  ticket(48_101, 'Hedgebox: funnel numbers differ from their warehouse export', {
    priority: 'high',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'customer_success', 'plan_enterprise', 'pylon', 'slack'],
    requester_id: 8_001,
    organization_id: ORG.hedgebox,
    via: pylonVia(),
    description: slackBody(
      'Our Q4 board deck funnel shows 12% conversion, the warehouse export says 9%. CS looped in for the renewal.',
      'hedgebox',
    ),
    sla: [active('next_reply_time', 95 * MINUTE)],
    createdMinutesAgo: 5 * HOUR,
  }),
  // Tier 2: escalated, Open, Urgent (ranked with High). Breaches in 50m: a red row and a red tray.
  ticket(48_102, 'Insights stuck on "Loading" for every dashboard', {
    priority: 'urgent',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'plan_scale', 'owner_product_analytics'],
    requester_id: 8_006,
    organization_id: ORG.northwind,
    sla: [active('first_reply_time', 50 * MINUTE)],
    createdMinutesAgo: 11 * HOUR,
  }),
  // Tier 2: escalated, Open, High; its next reply breached 40 minutes ago (first place in the tier).
  ticket(48_103, 'Trends breakdown by cohort returns an empty chart', {
    priority: 'high',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'plan_enterprise'],
    requester_id: 8_008,
    organization_id: ORG.driftwood,
    sla: [active('next_reply_time', -40 * MINUTE), achieved('first_reply_time', -2 * DAY)],
    createdMinutesAgo: 3 * DAY,
  }),
  // Other: escalated and High but New, and the handbook's tiers 2 and 3 take Open tickets; the reason says so.
  // Its SLA warnings still come (they are computed for every ticket, whatever its tier): 3h before breach is due.
  // In-app, newest Admin line: `Admin (internal): ...` with the organization's id.
  inApp(48_104, 'Bug Report: Session replay (0193f0c2-6b1e-7c3a-9d2e-4f5a6b7c8d90)', {
    priority: 'high',
    status: 'new',
    group_id: PA,
    tags: ['escalated', 'plan_enterprise', 'owner_replay', 'in_app'],
    requester_id: 8_010,
    organization_id: ORG.hedgebox,
    summary: 'Recordings stop 30 seconds before the end of every session since yesterday.',
    kind: 'bug',
    area: 'session_replay',
    admin: {
      form: 'internal',
      email: 'gabe@hedgebox.net',
      userId: 48_151,
      orgUuid: '0191aa3c-1f2e-7d4c-8b9a-0a1b2c3d4e5f',
      orgName: 'Hedgebox Inc.',
      projectId: 84_512,
      projectName: 'Hedgebox (production)',
    },
    sla: [active('first_reply_time', 2 * HOUR + 30 * MINUTE)],
    createdMinutesAgo: 2 * HOUR,
  }),
  // Tier 3: escalated, Open, Normal.
  ticket(48_105, 'Retention insight: week 0 not 100%', {
    priority: 'normal',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'plan_scale'],
    requester_id: 8_002,
    organization_id: ORG.acme,
    sla: [active('next_reply_time', 9 * HOUR)],
    createdMinutesAgo: 1 * DAY,
  }),
  // Tier 3.
  ticket(48_106, 'Lifecycle chart labels overlap in exported PNG', {
    priority: 'normal',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'plan_pay_as_you_go'],
    requester_id: 8_007,
    organization_id: ORG.quill,
    sla: [active('next_reply_time', 20 * HOUR)],
    createdMinutesAgo: 2 * DAY,
  }),
  // Tier 3, content warning from both the tag and the organization's field: the subject is hidden until revealed.
  ticket(48_107, 'Paths insight missing events after filter change', {
    priority: 'normal',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'content_warning', 'plan_teams'],
    requester_id: 8_003,
    organization_id: ORG.lumen,
    sla: [active('next_reply_time', 6 * HOUR)],
    createdMinutesAgo: 20 * HOUR,
  }),
  // Other: escalated but Pending (waiting on the customer), so no tier takes it; its SLA clock is paused.
  ticket(48_108, 'SQL insight timeout on large cohort', {
    priority: 'high',
    status: 'pending',
    group_id: PA,
    tags: ['escalated', 'plan_scale'],
    requester_id: 8_006,
    organization_id: ORG.northwind,
    sla: [paused('periodic_update_time', 2 * DAY)],
    createdMinutesAgo: 4 * DAY,
  }),
  // Tier 1 while On-hold (tag `cs_tagged`): the Customer Success rule takes New, Open, Pending and On-hold
  // tickets. A Customer Success alert; no SLA warning, its clock is paused.
  ticket(48_109, 'Group analytics: company properties not updating', {
    priority: 'normal',
    status: 'hold',
    group_id: PA,
    tags: ['escalated', 'cs_tagged', 'plan_enterprise', 'waiting_on_fix'],
    requester_id: 8_008,
    organization_id: ORG.driftwood,
    sla: [paused('periodic_update_time', 3 * DAY)],
    createdMinutesAgo: 6 * DAY,
  }),
  // Tier 4: not escalated, New, first reply breaches in 1h 10m. By email.
  ticket(48_110, 'Ingestion warning: events dropped for invalid timestamp', {
    priority: 'normal',
    status: 'new',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_scale'],
    requester_id: 8_002,
    organization_id: ORG.acme,
    via: { channel: 'email' },
    sla: [active('first_reply_time', 70 * MINUTE)],
    createdMinutesAgo: 23 * HOUR,
  }),
  // Tier 4, from Slack via Pylon: breaches in 2h 30m.
  ticket(48_111, 'Reverse proxy returns 502 for /decide', {
    priority: 'high',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'pylon', 'slack', 'plan_enterprise'],
    requester_id: 8_001,
    organization_id: ORG.hedgebox,
    via: pylonVia(),
    description: slackBody('Our managed reverse proxy started answering 502 on /decide at 09:10 UTC.', 'hedgebox'),
    sla: [active('next_reply_time', 2 * HOUR + 30 * MINUTE)],
    createdMinutesAgo: 3 * HOUR,
  }),
  // Tier 4, breached 3h ago; content warning from the tag and the organization's field (subject hidden).
  ticket(48_112, 'Data residency: can we move our project to EU cloud?', {
    priority: 'normal',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_teams', 'content_warning'],
    requester_id: 8_003,
    organization_id: ORG.lumen,
    sla: [active('next_reply_time', -3 * HOUR)],
    createdMinutesAgo: 2 * DAY,
  }),
  // Tier 4, in-app. The requester sits in the Gmail temporary org: "assign to Northwind Robotics", read from the
  // Admin line in its go-link form with ids (`organization ID <uuid>: <name>, project ID ...`).
  inApp(48_113, 'Bug Report: Session replay (0193f0c2-aa10-7b2c-8d3e-5f6a7b8c9d01)', {
    priority: 'normal',
    status: 'new',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_free', 'owner_replay'],
    requester_id: 8_004,
    organization_id: ORG.gmail,
    summary: 'Replays show a blank page for our Next.js app. Our org is Northwind Robotics, I signed up with gmail.',
    kind: 'bug',
    area: 'session_replay',
    admin: {
      form: 'go_link_ids',
      email: 'pat.dev@gmail.com',
      userId: 48_152,
      orgUuid: '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d',
      orgName: 'Northwind Robotics',
      projectId: 63_120,
      projectName: 'Default project',
    },
    sla: [active('first_reply_time', 2 * HOUR)],
    createdMinutesAgo: 5 * HOUR,
  }),
  // Tier 5 (Open, Low), in-app from an old client: the oldest Admin line (`Admin link: ...`).
  inApp(48_114, 'Feedback: Persons (0193f0c3-0c1d-7e2f-8a3b-4c5d6e7f8a9b)', {
    priority: 'low',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_free', 'owner_product_analytics'],
    requester_id: 8_005,
    organization_id: ORG.pixel,
    summary: 'It would be nice to bulk-delete persons from the UI.',
    kind: 'feedback',
    area: 'persons',
    admin: {
      form: 'admin_link',
      email: 'lee@pixelpines.dev',
      userId: 48_153,
      orgUuid: '0192b7e8-2d3c-7f4e-8a9b-1c2d3e4f5a6b',
      orgName: 'Pixel Pines',
      projectId: 55_031,
      projectName: 'Pixel Pines',
    },
    sla: [],
    createdMinutesAgo: 4 * DAY,
  }),
  // Tier 5, a community question: opening it shows the question's page on posthog.com, where it is answered.
  ticket(48_115, 'How do I self-host PostHog on Kubernetes?', {
    priority: 'low',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'community_question'],
    requester_id: 8_009,
    organization_id: null,
    via: { channel: 'web' },
    description:
      'A new question was posted on the community forum:\n\n"Is there a Helm chart for the hobby deploy?"\n\n' +
      'Answer it here: https://posthog.com/questions/self-host-posthog-on-kubernetes-helm-chart',
    sla: [],
    createdMinutesAgo: 3 * DAY,
  }),
  // Other (New, Normal, far from breach), a community question asked from a Gmail address: the requester sits
  // in the Gmail temporary org, but the handbook leaves community questions out of the reassignment (no flag).
  ticket(48_116, 'Does the /capture endpoint accept gzip?', {
    priority: 'normal',
    status: 'new',
    group_id: INFRA,
    tags: ['team_infrastructure', 'community_question'],
    requester_id: 8_004,
    organization_id: ORG.gmail,
    via: { channel: 'web' },
    description:
      'A new question was posted on the community forum:\n\n"Sending compressed batches from our edge workers?"\n\n' +
      'Answer it here: https://posthog.com/questions/does-capture-accept-gzip',
    sla: [active('first_reply_time', 10 * HOUR)],
    createdMinutesAgo: 14 * HOUR,
  }),
  // Tier 4 with two running SLA targets (next reply in 2h 50m, periodic update in 2h 20m): placed by the nearer
  // one, and its SLA warnings are counted for the ticket across both targets.
  ticket(48_117, 'Billing limit reached but usage dashboard says 60%', {
    priority: 'normal',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_scale'],
    requester_id: 8_006,
    organization_id: ORG.northwind,
    via: { channel: 'email' },
    sla: [active('next_reply_time', 2 * HOUR + 50 * MINUTE), active('periodic_update_time', 2 * HOUR + 20 * MINUTE)],
    createdMinutesAgo: 1 * DAY,
  }),
  // Tier 4: not escalated, High, breaches in 1h 45m.
  ticket(48_118, 'Webhook destinations retry storm', {
    priority: 'high',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_enterprise'],
    requester_id: 8_008,
    organization_id: ORG.driftwood,
    sla: [active('next_reply_time', 1 * HOUR + 45 * MINUTE)],
    createdMinutesAgo: 7 * HOUR,
  }),
  // Tier 5, by email.
  ticket(48_119, 'Question about event retention on the free plan', {
    priority: 'low',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_free'],
    requester_id: 8_005,
    organization_id: ORG.pixel,
    via: { channel: 'email' },
    sla: [],
    createdMinutesAgo: 5 * DAY,
  }),
  // Other: New with no priority and no organization ("no priority" in its reason).
  ticket(48_120, 'API key rotation guidance', {
    priority: null,
    status: 'new',
    group_id: INFRA,
    tags: ['team_infrastructure'],
    requester_id: 8_009,
    organization_id: null,
    via: { channel: 'email' },
    sla: [],
    createdMinutesAgo: 30 * MINUTE,
  }),
  // Tier 2, listed by both team views: read once, shown once.
  ticket(48_121, 'Events from our Kafka connector arrive 40 minutes late', {
    priority: 'high',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'team_infrastructure', 'plan_enterprise'],
    requester_id: 8_008,
    organization_id: ORG.driftwood,
    sla: [active('next_reply_time', 5 * HOUR)],
    createdMinutesAgo: 9 * HOUR,
  }),
  // Other: Pending, SLA paused. In-app, Admin line in the markdown form with the project id
  // (`[Admin](...) (Organization: '...'; Project: <id>:'...')`).
  inApp(48_122, 'Support ticket: Exporting cohorts to CSV cuts at 10k rows', {
    priority: 'normal',
    status: 'pending',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_scale'],
    requester_id: 8_002,
    organization_id: ORG.acme,
    summary: 'The CSV export of a cohort of 42k persons stops at exactly 10,000 rows.',
    kind: 'support',
    area: 'cohorts',
    admin: {
      form: 'markdown_project_id',
      email: 'omar@acme-analytics.io',
      userId: 48_154,
      orgUuid: '0192c1d2-3e4f-7a5b-8c6d-7e8f9a0b1c2d',
      orgName: 'Acme Analytics',
      projectId: 70_114,
      projectName: "Acme's web app (prod)",
    },
    sla: [paused('periodic_update_time', 4 * DAY)],
    createdMinutesAgo: 3 * DAY,
  }),
  // Other: On-hold, SLA paused (not escalated, no Customer Success tag).
  ticket(48_123, 'Sandbox project deleted by mistake, can we restore?', {
    priority: 'high',
    status: 'hold',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_pay_as_you_go'],
    requester_id: 8_007,
    organization_id: ORG.quill,
    sla: [paused('next_reply_time', 1 * DAY)],
    createdMinutesAgo: 2 * DAY,
  }),
  // Other: Solved (the Infrastructure view lists solved tickets too); its first reply was achieved.
  ticket(48_124, 'SSO login loop after domain change', {
    priority: 'normal',
    status: 'solved',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_enterprise'],
    requester_id: 8_010,
    organization_id: ORG.hedgebox,
    sla: [achieved('first_reply_time', -1 * DAY)],
    createdMinutesAgo: 3 * DAY,
    updatedMinutesAgo: 6 * HOUR,
  }),
  // Other: Solved.
  ticket(48_125, 'Heatmaps not loading on Safari', {
    priority: 'low',
    status: 'solved',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_free'],
    requester_id: 8_005,
    organization_id: ORG.pixel,
    sla: [],
    createdMinutesAgo: 6 * DAY,
    updatedMinutesAgo: 2 * DAY,
  }),
  // Other: from Slack via Pylon, New and High but not escalated and 11h 30m from breach.
  ticket(48_126, 'Slack: dashboards slow for our EU project', {
    priority: 'high',
    status: 'new',
    group_id: INFRA,
    tags: ['team_infrastructure', 'pylon', 'slack', 'plan_scale'],
    requester_id: 8_006,
    organization_id: ORG.northwind,
    via: pylonVia(),
    description: slackBody(
      'Every dashboard on the EU project takes 40 seconds to load since this morning.',
      'northwind',
    ),
    sla: [active('first_reply_time', 11 * HOUR + 30 * MINUTE)],
    createdMinutesAgo: 30 * MINUTE,
  }),
  // Tier 1 (tag `customer_success`) though not escalated: a Customer Success alert.
  ticket(48_127, 'Ingestion lag on the EU cluster', {
    priority: 'normal',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'customer_success', 'plan_enterprise'],
    requester_id: 8_008,
    organization_id: ORG.driftwood,
    description: 'Customer Success here: Driftwood is evaluating renewal this week, please prioritise.',
    sla: [active('next_reply_time', 7 * HOUR)],
    createdMinutesAgo: 10 * HOUR,
  }),
  // Other (Open, Normal, 30h from breach). In-app from the Gmail temporary org: "assign to Northwind Robotics",
  // read from the Admin line in its markdown form (`[Admin](...) (Organization: '...'; Project: '...')`).
  inApp(48_128, 'Support ticket: Team member invite email never arrives', {
    priority: 'normal',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_free'],
    requester_id: 8_004,
    organization_id: ORG.gmail,
    summary: 'I invited my colleague twice and the email never came.',
    kind: 'support',
    area: 'organization_members',
    admin: {
      form: 'markdown',
      email: 'pat.dev@gmail.com',
      userId: 48_152,
      orgUuid: '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d',
      orgName: 'Northwind Robotics',
      projectId: 63_120,
      projectName: 'Default project',
    },
    sla: [active('next_reply_time', 30 * HOUR)],
    createdMinutesAgo: 8 * HOUR,
  }),
  // Other (New, Low). Content warning from the tag only: an agent tagged it, Quill & Co's field is empty, so the
  // subject is hidden and the reveal has no organization text to show. In-app, Admin line in the go-link form
  // with quoted names (`Admin: http://go/adminUS/... (Organization: '...'; Project: <id>:'...')`).
  inApp(48_129, 'Support ticket: Rate limit on the query API', {
    priority: 'low',
    status: 'new',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_pay_as_you_go', 'content_warning'],
    requester_id: 8_007,
    organization_id: ORG.quill,
    summary: 'Our nightly export hits 429s on the query API after about 2,400 requests.',
    kind: 'support',
    area: 'api',
    admin: {
      form: 'go_link',
      email: 'tom@quill.co',
      userId: 48_155,
      orgUuid: '0191f0e1-d2c3-7b4a-9e8f-7a6b5c4d3e2f',
      orgName: 'Quill & Co',
      projectId: 41_207,
      projectName: 'Quill: storefront',
    },
    sla: [],
    createdMinutesAgo: 90 * MINUTE,
  }),
  // Tier 5, from GitHub (an issue filed on PostHog/posthog by someone outside the org); a self-hosted question.
  ticket(48_130, 'Self-hosted ClickHouse migration fails', {
    priority: 'low',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'self_hosted', 'github'],
    requester_id: 8_009,
    organization_id: null,
    via: { channel: 'api' },
    description:
      'Migration 0042 fails with "Code: 60. Table posthog.sharded_events does not exist" on a hobby deploy.\n\n' +
      'GitHub issue: https://github.com/PostHog/posthog/issues/27181',
    sla: [],
    createdMinutesAgo: 6 * DAY,
  }),
  // Tier 4, breaches in 2h 5m. Content warning from the organization's field only: Zendesk has not tagged it
  // (it came in before Lumen's field was filled in), yet the subject is hidden all the same.
  ticket(48_131, 'Web analytics bounce rate looks off', {
    priority: 'normal',
    status: 'open',
    group_id: INFRA,
    tags: ['team_infrastructure', 'plan_teams'],
    requester_id: 8_003,
    organization_id: ORG.lumen,
    sla: [active('next_reply_time', 2 * HOUR + 5 * MINUTE)],
    createdMinutesAgo: 30 * HOUR,
  }),
  // Tier 5: escalated, but Low (the handbook's tier 5 is every Open, Low ticket).
  ticket(48_132, 'Escalated: HogQL query returns different totals than insight', {
    priority: 'low',
    status: 'open',
    group_id: PA,
    tags: ['escalated', 'plan_free'],
    requester_id: 8_005,
    organization_id: ORG.pixel,
    sla: [],
    createdMinutesAgo: 5 * DAY,
  }),
  // Not in any view (another team's group): never in the queue; present so searches and show_many see more.
  ticket(48_133, 'Feature flag rollout stuck at 50%', {
    priority: 'normal',
    status: 'open',
    group_id: DEMO_GROUPS.comms,
    tags: ['feature_flags', 'plan_scale'],
    requester_id: 8_002,
    organization_id: ORG.acme,
    sla: [active('next_reply_time', 12 * HOUR)],
    createdMinutesAgo: 1 * DAY,
  }),
  // Not in the queue: Closed, and the views list only unfinished (and, for Infrastructure, solved) tickets.
  ticket(48_134, 'Closed: old question about annotations', {
    priority: 'low',
    status: 'closed',
    group_id: PA,
    tags: ['escalated'],
    requester_id: 8_009,
    organization_id: null,
    sla: [],
    createdMinutesAgo: 30 * DAY,
    updatedMinutesAgo: 20 * DAY,
  }),
];

const PD = {
  me: DEMO_ME.id,
  robin: 'PROBIN7',
  kai: 'PKAI001',
  lena: 'PLENA22',
  noor: 'PNOOR88',
} as const;

/** The demo world: a fresh copy on every call, so callers may change it freely. */
export function demoScenario(): Scenario {
  return {
    name: 'demo',
    zendesk: {
      subdomain: 'posthoghelp-demo',
      // The read-only twin reads like the demo token and gets 403 on writes (the refused-write path).
      apiTokens: [{ ...SANDBOX_CREDENTIALS.zendesk }, { ...SANDBOX_READ_ONLY_ZENDESK }],
      views: [
        {
          id: DEMO_VIEWS.productAnalyticsEscalated,
          title: 'Product Analytics (escalated)',
          active: true,
          conditions: { statuses: ['new', 'open', 'pending', 'hold'], groupIds: [PA], tagsAll: ['escalated'] },
        },
        {
          id: DEMO_VIEWS.infrastructure,
          title: 'Infrastructure',
          active: true,
          conditions: { statuses: ['new', 'open', 'pending', 'hold', 'solved'], tagsAny: ['team_infrastructure'] },
        },
        {
          id: 21_786_368_880_027,
          title: 'Web Analytics (escalated) - retired',
          active: false,
          conditions: { groupIds: [999], tagsAll: ['escalated'] },
        },
      ],
      tickets: structuredClone(tickets),
      users: structuredClone(users),
      organizations: structuredClone(organizations),
      organizationFields: [
        { id: 5_001, key: 'plan', title: 'Plan', type: 'text' },
        { id: 5_002, key: 'mrr', title: 'MRR', type: 'decimal' },
        { id: 5_003, key: 'content_warning', title: 'Content Warning', type: 'textarea' },
      ],
      groups: [
        { id: PA, name: 'Product Analytics' },
        { id: INFRA, name: 'Infrastructure' },
        { id: DEMO_GROUPS.comms, name: 'Comms' },
      ],
    },
    pagerduty: {
      subdomain: 'posthog-demo',
      apiKeys: [
        { token: SANDBOX_CREDENTIALS.pagerduty.token, kind: 'user', userId: PD.me },
        { token: SANDBOX_CREDENTIALS.pagerdutyAccountKey.token, kind: 'account' },
      ],
      users: [
        { id: PD.me, name: DEMO_ME.name, email: DEMO_ME.email, timeZone: 'Europe/London', role: 'user' },
        {
          id: PD.robin,
          name: 'Robin Rotation',
          email: 'robin@posthog.com',
          timeZone: 'America/New_York',
          role: 'user',
        },
        { id: PD.kai, name: 'Kai Kafka', email: 'kai@posthog.com', timeZone: 'Europe/Berlin', role: 'user' },
        {
          id: PD.lena,
          name: 'Lena Latency',
          email: 'lena@posthog.com',
          timeZone: 'America/Los_Angeles',
          role: 'admin',
        },
        { id: PD.noor, name: 'Noor Nightly', email: 'noor@posthog.com', timeZone: 'Asia/Dubai', role: 'user' },
      ],
      schedules: [
        {
          id: DEMO_SCHEDULES.productAnalytics,
          name: 'Product Analytics Support',
          description: 'Support Hero rotation for Product Analytics: one week each.',
          timeZone: 'Europe/London',
          kind: 'schedule',
          shifts: [
            { userId: PD.lena, startInMinutes: -14 * DAY + 20, endInMinutes: -7 * DAY + 20 },
            { userId: PD.robin, startInMinutes: -7 * DAY + 20, endInMinutes: 20 },
            { userId: PD.me, startInMinutes: 20, endInMinutes: 7 * DAY + 20 },
            { userId: PD.lena, startInMinutes: 7 * DAY + 20, endInMinutes: 14 * DAY + 20 },
            { userId: PD.robin, startInMinutes: 14 * DAY + 20, endInMinutes: 21 * DAY + 20 },
            { userId: PD.me, startInMinutes: 21 * DAY + 20, endInMinutes: 28 * DAY + 20 },
          ],
        },
        {
          id: DEMO_SCHEDULES.infrastructure,
          name: 'Infrastructure Support',
          description: 'Infra Hero rotation.',
          timeZone: 'America/New_York',
          kind: 'schedule',
          shifts: [
            { userId: PD.kai, startInMinutes: -3 * DAY, endInMinutes: 4 * DAY },
            { userId: PD.noor, startInMinutes: 4 * DAY, endInMinutes: 11 * DAY },
            { userId: PD.me, startInMinutes: 11 * DAY, endInMinutes: 18 * DAY },
          ],
        },
        {
          id: DEMO_SCHEDULES.webAnalytics,
          name: 'Web Analytics Support (flexible)',
          timeZone: 'UTC',
          kind: 'schedule_v3',
          shifts: [
            { userId: PD.noor, startInMinutes: -2 * DAY, endInMinutes: 5 * DAY },
            { userId: PD.kai, startInMinutes: 5 * DAY, endInMinutes: 12 * DAY },
          ],
        },
      ],
      escalationPolicies: [
        { id: 'PEPPA01', name: 'Product Analytics Support', rules: [{ level: 1, scheduleIds: ['PXUZ9XL'] }] },
        {
          id: 'PEPINF1',
          name: 'Infrastructure',
          rules: [
            { level: 1, scheduleIds: ['P78OOWZ'] },
            { level: 2, scheduleIds: ['PXUZ9XL'] },
          ],
        },
        { id: 'PEPWEB3', name: 'Web Analytics', rules: [{ level: 1, scheduleIds: ['PWA3V3X'] }] },
      ],
      teams: [
        { id: 'PTPA001', name: 'Product Analytics' },
        { id: 'PTINF01', name: 'Infrastructure' },
      ],
    },
    slack: slackDemoWorld(),
  };
}

function org(
  id: number,
  name: string,
  domains: string[],
  fields: ScenarioOrganization['organization_fields'],
): ScenarioOrganization {
  const hasWarning = typeof fields.content_warning === 'string' && fields.content_warning.length > 0;
  return {
    id,
    name,
    domain_names: domains,
    tags: hasWarning ? ['content_warning'] : [],
    organization_fields: { plan: null, mrr: null, content_warning: null, ...fields },
  };
}

function agent(id: number, name: string, email: string): ScenarioUser {
  return { id, name, email, role: 'agent', organization_id: null, time_zone: 'London' };
}

function endUser(id: number, name: string, email: string, organizationId: number | null): ScenarioUser {
  return { id, name, email, role: 'end-user', organization_id: organizationId };
}

function active(metric: string, breachInMinutes: number): SlaSeed {
  return { metric, stage: 'active', breachInMinutes };
}

function paused(metric: string, breachInMinutes: number): SlaSeed {
  return { metric, stage: 'paused', breachInMinutes };
}

function achieved(metric: string, breachInMinutes: number): SlaSeed {
  return { metric, stage: 'achieved', breachInMinutes };
}

type TicketInput = Partial<ScenarioTicket> &
  Pick<ScenarioTicket, 'priority' | 'status' | 'tags' | 'requester_id' | 'organization_id' | 'sla'>;

function ticket(id: number, subject: string, input: TicketInput): ScenarioTicket {
  const createdMinutesAgo = input.createdMinutesAgo ?? HOUR;
  return {
    id,
    subject,
    description: `${subject}.\n\nThanks for looking into this!`,
    type: 'question',
    group_id: null,
    assignee_id: input.status === 'new' ? null : AGENT.hero,
    via: { channel: 'web' },
    custom_fields: [],
    updatedMinutesAgo: Math.min(createdMinutesAgo, 25),
    ...input,
    createdMinutesAgo,
  };
}

/**
 * The `Admin` line of an in-app ticket, in each form PostHog's support form has written over the years
 * (shared/domain/posthog-ticket-formats.md). Old tickets stay open and old clients keep writing old forms, so the
 * demo's in-app tickets carry one form each.
 */
interface AdminSeed {
  form: 'admin_link' | 'markdown' | 'markdown_project_id' | 'go_link' | 'go_link_ids' | 'internal';
  email: string;
  /** PostHog's user id (the newest form links to the user's admin page by it). */
  userId: number;
  /** PostHog's organization id. */
  orgUuid: string;
  orgName: string;
  projectId: number;
  projectName: string;
}

function adminLine(admin: AdminSeed): string {
  const { email, userId, orgUuid, orgName, projectId, projectName } = admin;
  const byEmail = `https://us.posthog.com/admin/posthog/user/?q=${email}`;
  const quoted = `Organization: '${orgName}'; Project: '${projectName}'`;
  const quotedWithId = `Organization: '${orgName}'; Project: ${projectId}:'${projectName}'`;
  const withIds = `organization ID ${orgUuid}: ${orgName}, project ID ${projectId}: ${projectName}`;
  switch (admin.form) {
    case 'admin_link':
      return `Admin link: https://app.posthog.com/admin/posthog/user/?q=${email} (${quoted})`;
    case 'markdown':
      return `[Admin](${byEmail}) (${quoted})`;
    case 'markdown_project_id':
      return `[Admin](${byEmail}) (${quotedWithId})`;
    case 'go_link':
      return `Admin: http://go/adminUS/${email} (${quotedWithId})`;
    case 'go_link_ids':
      return `Admin: http://go/adminUS/${email} (${withIds})`;
    case 'internal':
      return `Admin (internal): https://us.posthog.com/admin/posthog/user/${userId}/change/ (${withIds})`;
  }
}

/** A ticket from the in-app Support panel: the customer's message, then the lines the form appends. */
function inApp(
  id: number,
  subject: string,
  input: TicketInput & { summary: string; kind: string; area: string; admin: AdminSeed },
): ScenarioTicket {
  const { summary, kind, area, admin, ...rest } = input;
  const session =
    subject.match(/\(([0-9a-f-]{36})\)/)?.[1] ??
    `0193f0c5-${id.toString(16)}-7a00-8b00-${String(id).padStart(12, '0')}`;
  return ticket(id, subject, {
    type: kind === 'bug' ? 'problem' : 'question',
    via: { channel: 'api' },
    ...rest,
    description: [
      summary,
      '',
      `Kind: ${kind}`,
      `Target area: ${area}`,
      `Session: https://us.posthog.com/project/${admin.projectId}/replay/${session}`,
      adminLine(admin),
    ].join('\n'),
  });
}

/** Pylon creates tickets over the API from a Slack thread marked with the ticket emoji. */
function pylonVia(): ScenarioTicket['via'] {
  return { channel: 'api', source: { from: { name: 'Pylon (Slack)' }, to: {}, rel: null } };
}

function slackBody(message: string, channelSuffix: string): string {
  return `${message}\n\nFrom Slack #posthog-${channelSuffix}: https://posthog.slack.com/archives/C05PYLON${channelSuffix.length}/p1732960000123456`;
}
