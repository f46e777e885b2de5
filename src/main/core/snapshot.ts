/** One immutable picture of the world per poll: the turn, the ordered queue, health and the tray view. */
import {
  type Assumptions,
  type DataProblem,
  type NotificationState,
  type OnCallEntry,
  type PagerDutySchedule,
  type PagerDutyUser,
  type QueueEntry,
  SERVICE_LABEL,
  type ServiceName,
  type SlackRequestInfo,
  type Snapshot,
  type SourceHealth,
  type SourceHealthView,
  type Ticket,
  type TrayView,
  type Turn,
  type TurnView,
} from '../../shared/domain';
import { formatClock, formatDuration, formatWhen, parseInstant } from '../../shared/format';
import { allowedLink, isSlackWorkspaceLink, type LinkPolicy } from '../../shared/link-policy';
import type { Settings } from '../../shared/settings';
import { presentEntry, presentHealth, presentTurn } from './presentation';
import { prioritize, prioritizeRequests } from './priority';
import { explainQueue, explanationLine } from './rule-sentences';
import { computeTurns } from './turns';

/** What the engine last read from each source (`null` = no data yet), plus each source's health. */
export interface WorldState {
  zendesk: { tickets: Ticket[]; problems: DataProblem[] } | null;
  pagerduty: {
    me: PagerDutyUser;
    myEntries: OnCallEntry[];
    onCallNow: OnCallEntry[];
    /** Other people's entries starting after now: who takes over when the user's turn ends. */
    upcomingOthers: OnCallEntry[];
    schedules: PagerDutySchedule[];
    problems: DataProblem[];
  } | null;
  /** Open Slack requests (absent or null: Slack not set up, or not read yet). */
  slack?: { requests: SlackRequestInfo[]; problems: DataProblem[]; workspaceUrl: string | null } | null;
  health: Record<Exclude<ServiceName, 'slack'>, SourceHealth> & { slack?: SourceHealth };
  demo: boolean;
}

/** The health of a source that has not been polled yet. */
export function emptyHealth(source: ServiceName): SourceHealth {
  return {
    source,
    state: 'idle',
    lastSuccessAt: null,
    failingSince: null,
    failure: null,
    message: 'Not checked yet',
    truncated: false,
  };
}

const OFF_TURN: TurnView = { onCall: false, current: null, next: null, onCallNow: [], nextHero: null };

/**
 * Links that come from the services' data (a schedule's `html_url`, a question link in a ticket) pass the one
 * allow-list here, once, so the JSON, the CLI text, notifications (built from the snapshot), the tray and the window
 * only ever carry a URL main would open; one that fails is dropped. Ticket links are built from the configured
 * subdomain, not read from data.
 */
function linkSafeTurn(turn: Turn | null, policy: LinkPolicy): Turn | null {
  if (turn === null || turn.scheduleUrl === null) return turn;
  const scheduleUrl = allowedLink(turn.scheduleUrl, policy);
  return scheduleUrl === turn.scheduleUrl ? turn : { ...turn, scheduleUrl };
}

function linkSafeTicket(ticket: Ticket, policy: LinkPolicy): Ticket {
  if (!ticket || ticket.moderationUrl === null) return ticket;
  const moderationUrl = allowedLink(ticket.moderationUrl, policy);
  return moderationUrl === ticket.moderationUrl ? ticket : { ...ticket, moderationUrl };
}

/** A request whose permalink is off the workspace host the token was tested against loses the link. */
function linkSafeRequest(request: SlackRequestInfo, workspaceUrl: string | null): SlackRequestInfo {
  if (request.permalink === null) return request;
  const permalink = isSlackWorkspaceLink(request.permalink, workspaceUrl) ? request.permalink : null;
  return permalink === request.permalink ? request : { ...request, permalink };
}

function ticketProblems(tickets: Ticket[]): DataProblem[] {
  const problems: DataProblem[] = [];
  for (const ticket of tickets) {
    for (const message of ticket.problems)
      problems.push({ source: 'zendesk', record: `ticket ${ticket.id}`, message: String(message) });
  }
  return problems;
}

function trayView(
  world: WorldState,
  health: Record<ServiceName, SourceHealthView>,
  turn: TurnView,
  queue: readonly { handover: boolean; imminent?: boolean; sla?: QueueEntry['sla'] }[],
  nowMs: number,
  timeZone: string,
): TrayView {
  const handover = queue.filter((entry) => entry.handover);
  const sources: ServiceName[] = ['zendesk', 'pagerduty', 'slack'];
  const healthOf = (source: ServiceName) => health[source];
  const hasData = (source: ServiceName) => world[source] != null;
  // A service the user has not set up (e.g. no PagerDuty) is a choice, not an error.
  const broken = sources.filter((source) => {
    const failure = healthOf(source).failure;
    return (
      failure?.kind === 'auth_rejected' || (failure != null && failure.kind !== 'not_configured' && !hasData(source))
    );
  });
  const staleSources = sources.filter((source) => hasData(source) && healthOf(source).state !== 'fresh');
  const staleNotes = staleSources.map((source) => {
    const since = parseInstant(healthOf(source).lastSuccessAt);
    return since === null
      ? `${SERVICE_LABEL[source]} data stale`
      : `${SERVICE_LABEL[source]} data stale since ${formatClock(since, timeZone)}`;
  });

  if (broken.length > 0) {
    const parts = broken.map((source) => healthOf(source).line);
    return {
      state: 'error',
      badge: handover.length,
      tooltip: [...parts, ...staleNotes].join(' · '),
      stale: staleSources.length > 0,
    };
  }

  let breachedCount = 0;
  let nextBreachMs: number | null = null;
  for (const entry of handover) {
    if (!entry.sla) continue;
    const ms = entry.sla.msToBreach;
    if (ms === null) continue;
    if (entry.sla.state === 'breached') breachedCount++;
    else if (nextBreachMs === null || ms < nextBreachMs) nextBreachMs = ms;
  }
  const imminent = handover.some((entry) => entry.imminent);

  // Without PagerDuty data we cannot know the turn; show the queue's state rather than hide it as "off duty".
  const onDuty = turn.onCall || world.pagerduty === null;
  const parts: string[] = [];
  if (turn.onCall) {
    const end = parseInstant(turn.current?.end ?? null);
    parts.push(end === null ? 'On call' : `On call until ${formatWhen(end, nowMs, timeZone)}`);
  } else if (world.pagerduty !== null) {
    const start = parseInstant(turn.next?.start ?? null);
    parts.push(start === null ? 'Off duty' : `Off duty · next turn ${formatWhen(start, nowMs, timeZone)}`);
  }
  if (onDuty) {
    parts.push(handover.length === 0 ? 'nothing needs you' : `${handover.length} need you`);
    if (breachedCount > 0) parts.push(`${breachedCount} breached`);
    else if (nextBreachMs !== null) parts.push(`next breach in ${formatDuration(nextBreachMs)}`);
  }
  parts.push(...staleNotes);

  const state = !onDuty
    ? 'off_duty'
    : imminent
      ? 'breach_imminent'
      : handover.length > 0
        ? 'needs_attention'
        : 'on_duty_clear';
  return { state, badge: handover.length, tooltip: parts.join(' · '), stale: staleSources.length > 0 };
}

/**
 * Builds the snapshot for `nowMs` from what the sources last returned. Pure and total: malformed data is
 * reported in `problems`, never thrown. `alerts` is left empty for the engine to fill from the AlertCenter.
 */
export function buildSnapshot(
  world: WorldState,
  settings: Settings,
  nowMs: number,
  notifications: NotificationState,
  timeZone: string,
): Snapshot {
  const pagerduty = world.pagerduty;
  const links: LinkPolicy = { zendeskSubdomain: settings.zendesk.subdomain };
  const computed = pagerduty
    ? computeTurns(pagerduty.myEntries, pagerduty.onCallNow, nowMs, pagerduty.me?.id ?? null, pagerduty.upcomingOthers)
    : OFF_TURN;
  const turnView: TurnView = {
    ...computed,
    current: linkSafeTurn(computed.current, links),
    next: linkSafeTurn(computed.next, links),
  };
  const tickets = (world.zendesk?.tickets ?? []).map((ticket) => linkSafeTicket(ticket, links));
  const ranked = prioritize(tickets, settings, nowMs);
  const queue = ranked.queue.map((entry) => presentEntry(entry, world.demo));
  const requests = prioritizeRequests(
    // The demo workspace is made up: like its tickets, its messages have no real page to open.
    (world.slack?.requests ?? []).map((request) =>
      linkSafeRequest(request, world.demo ? null : (world.slack?.workspaceUrl ?? null)),
    ),
    settings,
    ranked.tiers,
  );
  const health = {
    zendesk: presentHealth(world.health?.zendesk ?? emptyHealth('zendesk')),
    pagerduty: presentHealth(world.health?.pagerduty ?? emptyHealth('pagerduty')),
    slack: presentHealth(world.health?.slack ?? emptyHealth('slack')),
  };
  const turn = presentTurn(turnView, { known: pagerduty !== null, pagerduty: health.pagerduty }, nowMs, timeZone);
  const problems: DataProblem[] = [
    ...(world.zendesk?.problems ?? []),
    ...ticketProblems(tickets),
    ...(pagerduty?.problems ?? []),
    ...(world.slack?.problems ?? []),
  ];
  return {
    generatedAt: new Date(nowMs).toISOString(),
    demo: world.demo,
    me: pagerduty?.me ?? null,
    turn,
    queue,
    requests,
    tiers: ranked.tiers,
    sources: health,
    alerts: [],
    tray: trayView(world, health, turnView, [...requests, ...queue], nowMs, timeZone),
    notifications,
    problems,
    assumptions: assumptionsOf(settings),
    timeZone,
  };
}

/**
 * What the app assumed, for every face to show as is: the tags that mean escalated and Customer Success, the
 * nearing-breach window, and the rule table in force in sentences (the window's "How this queue is sorted") and
 * in one line (the CLI's last line).
 */
export function assumptionsOf(settings: Settings): Assumptions {
  return {
    escalationTags: [...settings.zendesk.escalationTags],
    customerSuccessTags: [...settings.zendesk.customerSuccessTags],
    nearingBreachMinutes: settings.priority.nearingBreachMinutes,
    explanation: explainQueue(settings),
    summary: explanationLine(settings),
  };
}

/**
 * The link to open for a queue ticket: its Zendesk page, or a community question's moderation page. Faces name
 * tickets by id and take the URL from here, so no page or menu ever supplies a URL of its own.
 */
export function ticketLink(
  snapshot: Snapshot | null,
  ticketId: number,
  target: 'ticket' | 'moderation',
): string | null {
  const ticket = snapshot?.queue.find((entry) => entry.ticket.id === ticketId)?.ticket;
  if (!ticket) return null;
  return target === 'moderation' ? ticket.moderationUrl : ticket.url;
}
