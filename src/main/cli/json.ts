/**
 * The CLI's JSON: a documented, stable projection of the Snapshot. Field names here are a public interface for
 * scripts; add fields freely, never rename or remove one without bumping `schema`.
 *
 * Instants are ISO 8601 strings in UTC; `null` means unknown or not applicable.
 */
import type {
  Alert,
  AlertKind,
  NotificationState,
  OpenTarget,
  QueueEntry,
  SlackRequestEntry,
  SlaState,
  Snapshot,
  SourceHealthView,
  TicketFlag,
  TicketPriority,
  TicketSource,
  TicketStatus,
  TrayState,
  Turn,
  TurnStatus,
} from '../../shared/domain';

export const CLI_JSON_SCHEMA = 'support-hero.status/1';

/** A contiguous on-call block of the user. */
export interface CliTurn {
  /** `null`: on call since before the data begins. */
  start: string | null;
  /** `null`: no end (permanent). */
  end: string | null;
  /** Schedule name(s), comma-separated when the block spans several. */
  schedule: string;
  scheduleIds: string[];
  /** Web link to the (first) schedule. */
  scheduleUrl: string | null;
}

/** One ticket in priority order. */
export interface CliQueueEntry {
  id: number;
  /** Id of the tier rule that placed it (`customer_success`, `escalated_high`, ...; `other` when none did). */
  tier: string;
  tierLabel: string;
  /** 1-based; lower comes first. */
  tierRank: number;
  /** Why it sits here: "Escalated, High priority, open; breaches in 42m". */
  reason: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  /** `in_app`, `community`, `slack`, `github`, `email` or `other`. */
  source: TicketSource;
  /** Earliest active SLA breach, if any. */
  breachAt: string | null;
  sla: SlaState;
  /** Agent link in Zendesk. */
  url: string;
  /** For community questions: where to answer (never from Zendesk). */
  moderationUrl: string | null;
  organization: { name: string; plan: string | null; mrr: number | null } | null;
  requester: { name: string; email: string | null } | null;
  /** The requester sits in a free-email temporary org: the org to assign them to, from the ticket's Admin line
   * (`null` when there is none), and PostHog's organization id where the line names it (`null` otherwise).
   * `null` when no assignment is needed (and never on community questions). */
  assignOrganization: { suggested: string | null; organizationId: string | null } | null;
  /** `cs_tagged`, `escalated`, `content_warning`, `needs_org`, `community`, `data_problem`. */
  flags: TicketFlag[];
  /** In the handbook's tiers 1 to 4: counted in the badge, listed in the handover. */
  handover: boolean;
  /** What opening the ticket shows: `moderation` (a community question's page) or `ticket` (Zendesk), with its
   * URL (`null` for the demo's made-up tickets). */
  open: OpenTarget;
  /** SLA breached or breaching within the hour. */
  imminent: boolean;
  /** What the item is: always `zendesk_ticket` here (a Slack request is a CliSlackQueueEntry). */
  kind: 'zendesk_ticket';
}

/** One Slack message where Customer Success tagged the user, still open, in priority order with the tickets. */
export interface CliSlackQueueEntry {
  kind: 'slack_request';
  /** Always `slack-api` (a ticket's `source: "slack"` means a Zendesk ticket made by Pylon). */
  source: 'slack-api';
  /** `${channelId}/${ts}`: what `slack:dismiss` and the alert id (`slack:<id>`) use. */
  id: string;
  tier: string;
  tierLabel: string;
  tierRank: number;
  reason: string;
  /** Who asked: Slack user id and display name. */
  author: { id: string; name: string };
  channel: string;
  channelId: string;
  /** Plain text, at most 280 characters. */
  preview: string;
  postedAt: string;
  /** The thread in Slack; `null` when no link passed the allow-list (and in the demo). */
  url: string | null;
  handover: boolean;
}

/** A queue item: a Zendesk ticket or a Slack request, told apart by `kind`. */
export type CliQueueItem = CliQueueEntry | CliSlackQueueEntry;

export interface CliAlert {
  /** Stable: the same event always has the same id. */
  id: string;
  kind: AlertKind;
  ticketId: number | null;
  title: string;
  body: string;
  url: string | null;
  urgent: boolean;
  dueAt: string;
}

export interface CliSourceHealth {
  /** `fresh`, `stale` (last poll failed, older data shown), `failing` (no data) or `idle`. */
  state: SourceHealthView['state'];
  lastSuccessAt: string | null;
  failingSince: string | null;
  /** `offline`, `timeout`, `rate_limited` (with `retryAt`), `auth_rejected`, `server_error`, `bad_response`,
   * `not_configured`; `null` when the last poll succeeded. */
  failure: SourceHealthView['failure'];
  /** A sentence for people. */
  message: string;
  /** The service's name: `Zendesk`, `PagerDuty`. */
  label: string;
  /** What is wrong (or right), without the service's name. */
  reason: string;
  /** The service named once: "Zendesk: rate limited, retrying at 14:02". */
  line: string;
  /** The data shown is a list cut short at its page cap (a view past 5,000 tickets, say): the rest is missing. */
  truncated: boolean;
}

export interface CliJson {
  schema: typeof CLI_JSON_SCHEMA;
  generatedAt: string;
  /** Built-in demo data, not the user's accounts. */
  demo: boolean;
  timeZone: string;
  me: { id: string; name: string; email: string | null } | null;
  turn: {
    onCall: boolean;
    /** `false` without PagerDuty data: then `onCall` says nothing about the user. */
    known: boolean;
    /** `unknown`, `on_call`, `upcoming` or `none`. */
    status: TurnStatus;
    /** The turn in one sentence, as the window shows it. */
    line: string;
    current: CliTurn | null;
    next: CliTurn | null;
    onCallNow: { schedule: string; scheduleId: string | null; user: string; isMe: boolean; until: string | null }[];
  };
  /** Tickets and Slack requests together, in priority order (by `tierRank`; Slack requests first within a tier). */
  queue: CliQueueItem[];
  tiers: { id: string; label: string; rank: number; count: number; handover: boolean }[];
  /** Alerts that became due with this poll. */
  alerts: CliAlert[];
  tray: { state: TrayState; badge: number; tooltip: string; stale: boolean };
  sources: { zendesk: CliSourceHealth; pagerduty: CliSourceHealth; slack: CliSourceHealth };
  notifications: NotificationState;
  problems: { source: string; record: string | null; message: string }[];
  /** What the app assumed about how Zendesk marks escalation and Customer Success, and the rule table in force as
   * sentences (`explanation`) and as one line (`summary`, the text output's last line). */
  assumptions: Snapshot['assumptions'];
}

function turn(value: Turn | null): CliTurn | null {
  if (!value) return null;
  return {
    start: value.start,
    end: value.end,
    schedule: value.scheduleNames.join(', '),
    scheduleIds: [...value.scheduleIds],
    scheduleUrl: value.scheduleUrl,
  };
}

function queueEntry(entry: QueueEntry): CliQueueEntry {
  const { ticket } = entry;
  return {
    id: ticket.id,
    tier: entry.tier,
    tierLabel: entry.tierLabel,
    tierRank: entry.tierRank,
    reason: entry.reason,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    source: ticket.source,
    breachAt: entry.sla.breachAt,
    sla: entry.sla.state,
    url: ticket.url,
    moderationUrl: ticket.moderationUrl,
    organization: ticket.organization
      ? { name: ticket.organization.name, plan: ticket.organization.plan, mrr: ticket.organization.mrr }
      : null,
    requester: ticket.requester ? { name: ticket.requester.name, email: ticket.requester.email } : null,
    assignOrganization: ticket.orgAssignment?.needed
      ? { suggested: ticket.orgAssignment.suggestedOrg, organizationId: ticket.orgAssignment.organizationId ?? null }
      : null,
    flags: [...entry.flags],
    handover: entry.handover,
    open: { ...entry.open },
    imminent: entry.imminent,
    kind: 'zendesk_ticket',
  };
}

function slackEntry(entry: SlackRequestEntry): CliSlackQueueEntry {
  const { request } = entry;
  return {
    kind: 'slack_request',
    source: 'slack-api',
    id: request.id,
    tier: entry.tier,
    tierLabel: entry.tierLabel,
    tierRank: entry.tierRank,
    reason: entry.reason,
    author: { ...request.author },
    channel: request.channelName,
    channelId: request.channelId,
    preview: request.preview,
    postedAt: request.postedAt,
    url: request.permalink,
    handover: entry.handover,
  };
}

/** Tickets and Slack requests merged by tier rank; each list keeps its own order, Slack first within a rank. */
export function mergedQueue(snapshot: Snapshot): CliQueueItem[] {
  const tickets = snapshot.queue.map(queueEntry);
  const requests = (snapshot.requests ?? []).map(slackEntry);
  const out: CliQueueItem[] = [];
  let t = 0;
  let r = 0;
  while (t < tickets.length || r < requests.length) {
    const ticket = tickets[t];
    const request = requests[r];
    if (request && (!ticket || request.tierRank <= ticket.tierRank)) {
      out.push(request);
      r++;
    } else if (ticket) {
      out.push(ticket);
      t++;
    }
  }
  return out;
}

/** One alert as printed by `watch --json` (one line each) and listed by `status --json`. */
export function toCliAlert(alert: Alert): CliAlert {
  return {
    id: alert.id,
    kind: alert.kind,
    ticketId: alert.ticketId,
    title: alert.title,
    body: alert.body,
    url: alert.url,
    urgent: alert.urgent,
    dueAt: alert.dueAt,
  };
}

/** A producer without Slack health (older snapshots): Slack was not set up. */
function notSetUp(source: 'slack'): SourceHealthView {
  const message = 'Slack is not set up';
  return {
    source,
    state: 'failing',
    lastSuccessAt: null,
    failingSince: null,
    failure: { kind: 'not_configured', detail: message },
    message,
    label: 'Slack',
    reason: 'not set up',
    line: message,
  };
}

function health(value: SourceHealthView): CliSourceHealth {
  return {
    state: value.state,
    lastSuccessAt: value.lastSuccessAt,
    failingSince: value.failingSince,
    failure: value.failure,
    message: value.message,
    label: value.label,
    reason: value.reason,
    line: value.line,
    truncated: value.truncated === true,
  };
}

/** The snapshot as the CLI's stable JSON. */
export function toCliJson(snapshot: Snapshot): CliJson {
  return {
    schema: CLI_JSON_SCHEMA,
    generatedAt: snapshot.generatedAt,
    demo: snapshot.demo,
    timeZone: snapshot.timeZone,
    me: snapshot.me ? { id: snapshot.me.id, name: snapshot.me.name, email: snapshot.me.email } : null,
    turn: {
      onCall: snapshot.turn.onCall,
      known: snapshot.turn.known,
      status: snapshot.turn.status,
      line: snapshot.turn.line,
      current: turn(snapshot.turn.current),
      next: turn(snapshot.turn.next),
      onCallNow: snapshot.turn.onCallNow.map((entry) => ({
        schedule: entry.scheduleName,
        scheduleId: entry.scheduleId,
        user: entry.userName,
        isMe: entry.isMe,
        until: entry.until,
      })),
    },
    queue: mergedQueue(snapshot),
    tiers: snapshot.tiers.map((tier) => ({ ...tier })),
    alerts: snapshot.alerts.map(toCliAlert),
    tray: { ...snapshot.tray },
    sources: {
      zendesk: health(snapshot.sources.zendesk),
      pagerduty: health(snapshot.sources.pagerduty),
      slack: health(snapshot.sources.slack ?? notSetUp('slack')),
    },
    notifications: { ...snapshot.notifications },
    problems: snapshot.problems.map((problem) => ({ ...problem })),
    assumptions: snapshot.assumptions,
  };
}
