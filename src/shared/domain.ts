/**
 * The app's own vocabulary, shared by main, preload and renderer.
 *
 * Everything here is plain data (JSON-safe, no classes, no functions) so a Snapshot can cross IPC,
 * be printed by the CLI as JSON, and be compared in tests. Instants are ISO 8601 strings in UTC.
 */

/** An ISO 8601 instant in UTC, e.g. `2026-11-30T09:00:00.000Z`. */
export type IsoInstant = string;

// ---------------------------------------------------------------------------------------------
// Zendesk, after transform
// ---------------------------------------------------------------------------------------------

/** Zendesk status categories; `unknown` keeps a ticket whose status we could not read. */
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'unknown';

/** Zendesk priorities; `none` is Zendesk's `null`, `unknown` is a value we did not recognise. */
export type TicketPriority = 'urgent' | 'high' | 'normal' | 'low' | 'none' | 'unknown';

/** Where a ticket came from (the handbook's three sources, plus what else Zendesk receives). */
export type TicketSource = 'in_app' | 'community' | 'slack' | 'github' | 'email' | 'other';

/** Stage of one SLA policy metric as Zendesk reports it. */
export type SlaMetricStage = 'active' | 'paused' | 'achieved' | 'breached' | 'unknown';

/** One SLA target on a ticket (`ticket.slas.policy_metrics[]`). */
export interface SlaMetric {
  metric: string;
  stage: SlaMetricStage;
  /** `null` when the payload had no parseable `breach_at`. */
  breachAt: IsoInstant | null;
}

export interface Person {
  id: number;
  name: string;
  email: string | null;
}

export interface Organization {
  id: number;
  name: string;
  /** From the configured plan organization field, else a `plan_*` ticket tag. */
  plan: string | null;
  /** Monthly recurring revenue in dollars, from the configured MRR organization field. */
  mrr: number | null;
  /** Text of the configured content-warning organization field, when present. */
  contentWarning: string | null;
  /** A free-email temporary org ("Gmail user - please assign to correct org"). */
  isFreeEmailTemp: boolean;
}

/** A ticket from the team's Zendesk queue, in app terms. */
export interface Ticket {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  tags: string[];
  groupId: number | null;
  assigneeId: number | null;
  requester: Person | null;
  organization: Organization | null;
  createdAt: IsoInstant | null;
  updatedAt: IsoInstant | null;
  source: TicketSource;
  /** `via.channel` as received (open set of strings). */
  viaChannel: string;
  /** Agent link: `https://{subdomain}.zendesk.com/agent/tickets/{id}`. */
  url: string;
  /** For community questions: the question on posthog.com, where it must be answered. */
  moderationUrl: string | null;
  slaMetrics: SlaMetric[];
  /** Organization content-warning field set, or the `content_warning` tag. */
  contentWarning: boolean;
  /**
   * Requester sits in a free-email temporary org and this is not a community question: the org to assign,
   * read from the Admin line PostHog's support form appends to the ticket body, when there is one.
   * `organizationId` is PostHog's organization id (a UUID) where the line names it: it tells apart two orgs
   * that share a name.
   */
  orgAssignment: { needed: true; suggestedOrg: string | null; organizationId: string | null } | null;
  /** What was wrong with this record's payload (kept, placed by what is known). */
  problems: string[];
}

// ---------------------------------------------------------------------------------------------
// PagerDuty, after transform
// ---------------------------------------------------------------------------------------------

export interface PagerDutyUser {
  id: string;
  name: string;
  email: string | null;
}

/** One on-call entry (`GET /oncalls`). `start`/`end` of `null` means permanent. */
export interface OnCallEntry {
  userId: string;
  userName: string;
  scheduleId: string | null;
  scheduleName: string;
  /** Web link to the schedule (`html_url`), when known. */
  scheduleUrl: string | null;
  escalationLevel: number;
  start: IsoInstant | null;
  end: IsoInstant | null;
}

export interface PagerDutySchedule {
  id: string;
  name: string;
  url: string | null;
  timeZone: string | null;
}

// ---------------------------------------------------------------------------------------------
// Core outputs
// ---------------------------------------------------------------------------------------------

/** A contiguous block of on-call time for the user, merged across back-to-back entries and schedules. */
export interface Turn {
  /** `null` = on call since before the data begins (permanent or unknown start). */
  start: IsoInstant | null;
  /** `null` = permanent (no end). */
  end: IsoInstant | null;
  scheduleIds: string[];
  scheduleNames: string[];
  /** Link to the (first) schedule, for notifications. */
  scheduleUrl: string | null;
}

export interface OnCallNow {
  scheduleId: string | null;
  scheduleName: string;
  userName: string;
  isMe: boolean;
  until: IsoInstant | null;
}

/** Who is on call on the same schedule when the user's current turn ends: the next Support Hero. */
export interface NextHero {
  userName: string;
  scheduleId: string | null;
  scheduleName: string;
  /** When they take over: the end of the user's turn. */
  start: IsoInstant;
}

export interface TurnView {
  onCall: boolean;
  current: Turn | null;
  next: Turn | null;
  /** Who is on call now on each selected schedule. */
  onCallNow: OnCallNow[];
  /**
   * Who takes over when the current turn ends, from PagerDuty's entries on the same schedule; `null` when off
   * duty, when the turn has no end, or when PagerDuty lists nobody after it within the horizon read.
   */
  nextHero: NextHero | null;
}

/** What the turn line reports: `unknown` when PagerDuty gave no data, whatever the schedules may say. */
export type TurnStatus = 'unknown' | 'on_call' | 'upcoming' | 'none';

/**
 * The turn as faces say it, decided once by the core. The three texts state the same fact at three lengths, so
 * no face works out on its own whether the user is on call or whether the turn is known at all.
 */
export interface TurnLine {
  /** PagerDuty answered: without its data the turn is unknown, never "off duty". */
  known: boolean;
  status: TurnStatus;
  /** The window's sentence: "On call for Product Analytics until Thu 14:30 · 3d 4h left". */
  line: string;
  /** The tray menu's few words: "On duty until Fri 17:00", "Next turn Mon 09:20". */
  short: string;
  /** The terminal's line, with schedules: "Off duty · next turn Mon 10:20, in 20m (Product Analytics)". */
  long: string;
}

/** The turn in a snapshot: the facts and the line every face shows for them. */
export interface SnapshotTurn extends TurnView, TurnLine {}

export type SlaState = 'none' | 'ok' | 'warning' | 'breached' | 'paused' | 'achieved';

export interface SlaView {
  state: SlaState;
  /** The metric that decides the state (earliest active breach), if any. */
  metric: string | null;
  breachAt: IsoInstant | null;
  /** Milliseconds until breach at snapshot time; negative once breached. */
  msToBreach: number | null;
}

export type TicketFlag = 'cs_tagged' | 'escalated' | 'content_warning' | 'needs_org' | 'community' | 'data_problem';

/** What a queue item is: a Zendesk ticket, or a Slack message where Customer Success tagged the user. */
export type QueueItemKind = 'zendesk_ticket' | 'slack_request';

/** A ticket's place in the prioritized queue, with the reason for it. */
export interface QueueEntry {
  /** Always `zendesk_ticket` here (Slack requests are `Snapshot.requests`); optional for older producers. */
  kind?: 'zendesk_ticket';
  ticket: Ticket;
  /** Id of the tier rule that took the ticket, or `other`. */
  tier: string;
  /** 1-based position of the tier in the rule table; `other` ranks after every rule. */
  tierRank: number;
  tierLabel: string;
  /** One human line: "Escalated, High priority, open; breaches in 42m". */
  reason: string;
  sla: SlaView;
  flags: TicketFlag[];
  /** Counted in the badge and in the end-of-rotation handover (the handbook's tiers 1 to 4). */
  handover: boolean;
  /** What opening the row shows: a community question's page on posthog.com, else the Zendesk ticket. */
  open: OpenTarget;
  /** SLA breached or breaching within IMMINENT_BREACH_MINUTES: a red row, and (in the handover) a red tray. */
  imminent: boolean;
}

/** Who a Slack request was addressed to, as far as the user is concerned. */
export interface SlackRequestMentions {
  me: boolean;
  myGroup: boolean;
  broadcast: boolean;
}

/** A Slack message in a dedicated channel where Customer Success tagged the user (or their team), still open. */
export interface SlackRequestInfo {
  /** `${channelId}/${ts}`: stable, the id `slack:dismiss` and the alert ledger use. */
  id: string;
  channelId: string;
  /** Without the `#`. */
  channelName: string;
  threadTs: string;
  ts: string;
  author: { id: string; name: string };
  /** Plain text (Slack markup rendered, at most 280 characters): shown as text, never as HTML or markdown. */
  preview: string;
  postedAt: IsoInstant;
  /** The thread in Slack (https on the workspace host), or null when no link passed the allow-list. */
  permalink: string | null;
  mentions: SlackRequestMentions;
}

/**
 * A Slack request's place in the prioritized order, placed by the same rule table as tickets. `source` is
 * `slack-api`: a Zendesk ticket's `source: "slack"` (made by Pylon) keeps its meaning.
 */
export interface SlackRequestEntry {
  kind: 'slack_request';
  source: 'slack-api';
  request: SlackRequestInfo;
  tier: string;
  tierRank: number;
  tierLabel: string;
  /** "Slack request from Customer Success: Alice in #cs-requests". */
  reason: string;
  handover: boolean;
}

/** A queue entry as the rule table places it, before the core adds how faces open and mark it. */
export type RankedEntry = Omit<QueueEntry, 'open' | 'imminent'>;

/**
 * Where a queue row leads. `target` is what faces ask main to open (IPC `ticket:open`); `url` is that page, or
 * `null` when there is no real page (the demo's made-up Zendesk tickets).
 */
export interface OpenTarget {
  target: 'ticket' | 'moderation';
  url: string | null;
}

export interface TierSummary {
  id: string;
  label: string;
  rank: number;
  count: number;
  handover: boolean;
}

/** A service Support Hero reads from (a source of data, a target of settings tests and pickers). */
export type ServiceName = 'zendesk' | 'pagerduty' | 'slack';

/** Each service's name as people read it: the one label map for main, CLI and renderer. */
export const SERVICE_LABEL: Readonly<Record<ServiceName, string>> = {
  zendesk: 'Zendesk',
  pagerduty: 'PagerDuty',
  slack: 'Slack',
};

/** An SLA breached or this close to breach is imminent: red row, red tray, and an alert quiet hours do not hold. */
export const IMMINENT_BREACH_MINUTES = 60;

/** Shown instead of the subject of a content-warning ticket wherever it appears unasked. */
export const CONTENT_WARNING_SUBJECT = 'Subject hidden: content warning';

/** Every remote failure, typed. */
export type SourceFailure =
  | { kind: 'offline'; detail: string }
  | { kind: 'timeout'; detail: string }
  | { kind: 'rate_limited'; retryAt: IsoInstant; detail: string }
  | { kind: 'auth_rejected'; status: number; detail: string }
  | { kind: 'server_error'; status: number; detail: string }
  | { kind: 'bad_response'; detail: string }
  | { kind: 'not_configured'; detail: string };

export type SourceFailureKind = SourceFailure['kind'];

export interface SourceHealth {
  source: ServiceName;
  /** `idle`: never polled yet; `fresh`: last poll succeeded; `stale`: last poll failed, older data shown. */
  state: 'idle' | 'fresh' | 'stale' | 'failing';
  lastSuccessAt: IsoInstant | null;
  failingSince: IsoInstant | null;
  failure: SourceFailure | null;
  /** A sentence for people: "Zendesk rate-limited us; retrying at 14:02". */
  message: string;
  /** The data in hand is a list cut short at its page cap (the rest is missing). Absent = false. */
  truncated?: boolean;
}

/** A source's health as faces show it: the service's name and what is wrong, composed one way. */
export interface SourceHealthView extends SourceHealth {
  /** "Zendesk". */
  label: string;
  /** What is wrong (or right), for a face that names the service itself: "rate limited, retrying at 14:02". */
  reason: string;
  /** The service named once: "Zendesk: rate limited, retrying at 14:02". */
  line: string;
}

export type AlertKind = 'turn_upcoming' | 'turn_started' | 'turn_ending' | 'cs_tagged' | 'sla_warning' | 'summary';

export interface Alert {
  /** Stable ledger key: the same event always yields the same id. */
  id: string;
  kind: AlertKind;
  ticketId: number | null;
  /** The Slack request an alert is about (`cs_tagged` from Slack); absent otherwise. */
  requestId?: string;
  title: string;
  body: string;
  /** What a click opens (ticket, moderation page or schedule). */
  url: string | null;
  /** Urgent alerts are not held by quiet hours (SLA 1h warnings, turn start). */
  urgent: boolean;
  /** When the alert became due. */
  dueAt: IsoInstant;
}

export type TrayState = 'off_duty' | 'on_duty_clear' | 'needs_attention' | 'breach_imminent' | 'error';

export interface TrayView {
  state: TrayState;
  /** Tickets in the handover tiers (handbook 1 to 4). */
  badge: number;
  tooltip: string;
  /** Some data on screen is older than the last poll. */
  stale: boolean;
}

/** Something wrong in the data we were given, reported instead of thrown. */
export interface DataProblem {
  source: ServiceName;
  /** The record it concerns, e.g. `ticket 123`, or `null` for the payload as a whole. */
  record: string | null;
  message: string;
}

export interface NotificationState {
  /** Set while the user paused notifications. */
  pausedUntil: IsoInstant | null;
  /** Outside working hours: non-urgent alerts are held for the morning summary. */
  quietHours: boolean;
  /** Alerts held back, delivered as one summary when work starts or the pause ends. */
  held: number;
}

/** One tier of the rule table in force, said in words. */
export interface RuleSentence {
  id: string;
  rank: number;
  label: string;
  /** "New or Open tickets not escalated, breaching within 3h or already breached." */
  sentence: string;
  handover: boolean;
}

/** How the queue is sorted, in sentences: one per tier, the catch-all, and the order inside a tier. */
export interface QueueExplanation {
  rules: RuleSentence[];
  /** The rule table is the user's own rather than the handbook's five tiers. */
  custom: boolean;
  other: string;
  withinTier: string;
}

/** What the app assumed about how Zendesk marks things, shown to the user. */
export interface Assumptions {
  escalationTags: string[];
  customerSuccessTags: string[];
  nearingBreachMinutes: number;
  /** The window's "How this queue is sorted" view: the rule table in force as sentences. */
  explanation: QueueExplanation;
  /** The same in one line: the last line of the CLI's text output. */
  summary: string;
}

/** One immutable picture of the world, produced per poll. Faces only render it. */
export interface Snapshot {
  generatedAt: IsoInstant;
  /** Running on the built-in demo sandbox rather than the user's accounts. */
  demo: boolean;
  me: PagerDutyUser | null;
  turn: SnapshotTurn;
  queue: QueueEntry[];
  /** Open Slack requests, ranked by the rule table like the queue (absent from producers without Slack). */
  requests?: SlackRequestEntry[];
  tiers: TierSummary[];
  /** `slack` is absent from producers that predate it. */
  sources: Record<Exclude<ServiceName, 'slack'>, SourceHealthView> & { slack?: SourceHealthView };
  /** Alerts that became due with this snapshot (already recorded in the ledger). */
  alerts: Alert[];
  tray: TrayView;
  notifications: NotificationState;
  problems: DataProblem[];
  assumptions: Assumptions;
  /** The user's time zone (IANA) used for every human time in this snapshot. */
  timeZone: string;
}
