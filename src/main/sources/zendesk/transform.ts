/**
 * Raw Zendesk records -> the app's Ticket. Pure and total: whatever the payload holds, these functions return
 * data and list what was wrong in `problems`; they never throw.
 */
import type {
  DataProblem,
  IsoInstant,
  Organization,
  Person,
  SlaMetric,
  SlaMetricStage,
  Ticket,
  TicketPriority,
  TicketSource,
  TicketStatus,
} from '../../../shared/domain';
import { parseInstant } from '../../../shared/format';
import { findAdminLine } from './admin-line';
import type { RawOrganization, RawSlaPolicyMetric, RawTicket, RawUser } from './types';

/** Subjects longer than this are cut (with an ellipsis) so one hostile ticket cannot swamp a list or a toast. */
export const MAX_SUBJECT_LENGTH = 300;

const STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES: readonly TicketPriority[] = ['urgent', 'high', 'normal', 'low'];
const STAGES: readonly SlaMetricStage[] = ['active', 'paused', 'achieved', 'breached'];

const COMMUNITY_TAGS = new Set(['community', 'community_question', 'community-question', 'community_questions']);
const SLACK_TAGS = new Set(['pylon', 'slack', 'pylon_slack', 'from_slack']);
const IN_APP_TAGS = new Set(['in_app', 'in-app', 'inapp', 'support_panel', 'in_app_support']);
const GITHUB_TAGS = new Set(['github', 'github_issue']);
const IN_APP_SUBJECT = /^\s*(bug report|feedback|support ticket)\s*:/i;
const FREE_EMAIL_ORG = /- please assign to correct org/i;
// Linear scan for URL-looking runs; each candidate is then parsed and checked properly.
const URL_CANDIDATE = /https?:\/\/[^\s<>"'`()[\]{}|\\^]+/gi;

/** What the transform needs besides the record. */
export interface TicketContext {
  subdomain: string;
  /** Organization field keys (Settings.zendesk.orgFields). */
  orgFields: { plan: string; mrr: string; contentWarning: string };
  usersById: ReadonlyMap<number, RawUser>;
  organizationsById: ReadonlyMap<number, RawOrganization>;
}

/** A ticket, or `null` with the reason when the record has no usable id. */
export type TicketTransform = { ticket: Ticket; problem: null } | { ticket: null; problem: string };

/** Turns one raw ticket into a Ticket; a record without a positive integer id is rejected, anything else kept. */
export function transformTicket(raw: unknown, context: TicketContext): TicketTransform {
  if (!isRecord(raw)) return { ticket: null, problem: 'a ticket record is not an object' };
  const record = raw as RawTicket;
  const id = positiveInt(record.id);
  if (id === null) return { ticket: null, problem: 'a ticket record has no valid id' };
  const problems: string[] = [];

  const tags = readTags(record.tags, problems);
  const description = typeof record.description === 'string' ? record.description : '';
  const subjectText = typeof record.subject === 'string' ? record.subject : record.raw_subject;
  const subject = readSubject(subjectText, problems);
  const viaChannel = readViaChannel(record.via);
  const urls = extractUrls(description);
  const moderationUrl = findModerationUrl(urls);
  const source = classifySource({ subject, tags, description, viaChannel, via: record.via, urls });
  const organization = readOrganization(record.organization_id, tags, context, problems);
  const contentWarning = Boolean(organization?.contentWarning) || tags.includes('content_warning');
  const orgAssignment = organization?.isFreeEmailTemp && source !== 'community' ? assignmentFrom(description) : null;

  const ticket: Ticket = {
    id,
    subject,
    status: readStatus(record.status, problems),
    priority: readPriority(record.priority, problems),
    tags,
    groupId: optionalInt(record.group_id, 'group_id', problems),
    assigneeId: optionalInt(record.assignee_id, 'assignee_id', problems),
    requester: readPerson(record.requester_id, context.usersById),
    organization,
    createdAt: readInstant(record.created_at, 'created_at', problems),
    updatedAt: readInstant(record.updated_at, 'updated_at', problems),
    source,
    viaChannel,
    url: `https://${context.subdomain}.zendesk.com/agent/tickets/${id}`,
    moderationUrl,
    slaMetrics: readSlaMetrics(record.slas, problems),
    contentWarning,
    orgAssignment,
    problems,
  };
  return { ticket, problem: null };
}

/**
 * Decides where a ticket came from. The order of the checks is ours, not the handbook's (it names the sources but
 * no precedence): a community link or tag wins, then Slack, then the in-app form, then GitHub, then the channel.
 */
export function classifySource(input: {
  subject: string;
  tags: string[];
  description: string;
  viaChannel: string;
  via?: unknown;
  urls?: URL[];
}): TicketSource {
  const urls = input.urls ?? extractUrls(input.description);
  const tags = input.tags.map((tag) => tag.toLowerCase());
  const hasTag = (set: Set<string>) => tags.some((tag) => set.has(tag));

  const communityLink = urls.some((url) => isPosthogHost(url.hostname) && url.pathname.startsWith('/questions/'));
  if (communityLink || hasTag(COMMUNITY_TAGS)) return 'community';

  const slackLink = urls.some((url) => url.hostname === 'slack.com' || url.hostname.endsWith('.slack.com'));
  const viaText = safeJson(isRecord(input.via) ? input.via.source : null).toLowerCase();
  const pylonApi = input.viaChannel === 'api' && (viaText.includes('slack') || viaText.includes('pylon'));
  if (slackLink || hasTag(SLACK_TAGS) || tags.some((tag) => tag.startsWith('pylon')) || pylonApi) return 'slack';

  if (IN_APP_SUBJECT.test(input.subject) || hasTag(IN_APP_TAGS)) return 'in_app';

  const githubIssue = urls.some((url) => url.hostname === 'github.com' && /\/(issues|pull)\/\d+/.test(url.pathname));
  if (input.viaChannel === 'github' || hasTag(GITHUB_TAGS) || githubIssue) return 'github';

  if (input.viaChannel === 'email') return 'email';
  return 'other';
}

/**
 * The first link to a question on posthog.com, as https: a link written with `http://` names the same question
 * page, so it is opened over https. Look-alike hosts, credentials and ports are never a question's page.
 */
export function findModerationUrl(urls: URL[]): string | null {
  for (const url of urls) {
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !isPosthogHost(url.hostname)) continue;
    if (url.username || url.password || url.port) continue;
    if (!url.pathname.startsWith('/questions/') || url.pathname.length <= '/questions/'.length) continue;
    const secure = new URL(url.href);
    secure.protocol = 'https:';
    return secure.href;
  }
  return null;
}

/** Every http(s) URL in a text that parses as one. */
export function extractUrls(text: string): URL[] {
  const urls: URL[] = [];
  for (const match of text.matchAll(URL_CANDIDATE)) {
    // Sentence punctuation right after a link is not part of it.
    const candidate = match[0].replace(/[.,;:!?]+$/, '');
    try {
      urls.push(new URL(candidate));
    } catch {
      // Not a URL after all; nothing to keep.
    }
    if (urls.length >= 200) break;
  }
  return urls;
}

/** What to assign a requester in a free-email temporary org to: the organization the form's Admin line names. */
function assignmentFrom(description: string): NonNullable<Ticket['orgAssignment']> {
  const admin = findAdminLine(description);
  return { needed: true, suggestedOrg: admin?.organizationName ?? null, organizationId: admin?.organizationId ?? null };
}

function readOrganization(
  organizationId: unknown,
  tags: string[],
  context: TicketContext,
  problems: string[],
): Organization | null {
  const id = positiveInt(organizationId);
  if (id === null) return null;
  const raw = context.organizationsById.get(id);
  const planTag = tags.find((tag) => tag.startsWith('plan_') && tag.length > 'plan_'.length);
  const tagPlan = planTag ? planTag.slice('plan_'.length) : null;
  if (!raw) {
    problems.push(`organization ${id} was not side-loaded`);
    return { id, name: `Organization ${id}`, plan: tagPlan, mrr: null, contentWarning: null, isFreeEmailTemp: false };
  }
  const name = typeof raw.name === 'string' && raw.name.trim() ? cap(raw.name.trim(), 200) : `Organization ${id}`;
  const fields = isRecord(raw.organization_fields) ? raw.organization_fields : {};
  const planField = fields[context.orgFields.plan];
  const plan = typeof planField === 'string' && planField.trim() ? cap(planField.trim(), 100) : tagPlan;
  const warningField = fields[context.orgFields.contentWarning];
  const contentWarning =
    typeof warningField === 'string' && warningField.trim() ? cap(warningField.trim(), 1000) : null;
  return {
    id,
    name,
    plan,
    mrr: readMoney(fields[context.orgFields.mrr], problems),
    contentWarning,
    isFreeEmailTemp: FREE_EMAIL_ORG.test(name),
  };
}

function readMoney(value: unknown, problems: string[]): number | null {
  if (value === null || value === undefined || value === '') return null;
  let amount: number = Number.NaN;
  if (typeof value === 'number') amount = value;
  else if (typeof value === 'string') {
    const cleaned = value.trim().replace(/^\$/, '').replace(/,/g, '');
    if (/^\d+(\.\d+)?$/.test(cleaned)) amount = Number(cleaned);
  }
  if (!Number.isFinite(amount) || amount < 0) {
    problems.push('organization MRR is not a number');
    return null;
  }
  return amount;
}

function readPerson(userId: unknown, usersById: ReadonlyMap<number, RawUser>): Person | null {
  const id = positiveInt(userId);
  if (id === null) return null;
  const raw = usersById.get(id);
  const name = typeof raw?.name === 'string' && raw.name.trim() ? cap(raw.name.trim(), 200) : `User ${id}`;
  const email = typeof raw?.email === 'string' && raw.email.includes('@') ? cap(raw.email, 320) : null;
  return { id, name, email };
}

function readSlaMetrics(slas: unknown, problems: string[]): SlaMetric[] {
  if (slas === null || slas === undefined) return [];
  const metrics = isRecord(slas) ? slas.policy_metrics : undefined;
  if (metrics === null || metrics === undefined) return [];
  if (!Array.isArray(metrics)) {
    problems.push('slas.policy_metrics is not a list');
    return [];
  }
  const result: SlaMetric[] = [];
  for (const entry of metrics as unknown[]) {
    if (!isRecord(entry)) {
      problems.push('an SLA metric is not an object');
      continue;
    }
    const raw = entry as RawSlaPolicyMetric;
    const metric = typeof raw.metric === 'string' && raw.metric ? cap(raw.metric, 100) : 'unknown';
    const stageText = typeof raw.stage === 'string' ? raw.stage.toLowerCase() : '';
    const stage = (STAGES as readonly string[]).includes(stageText) ? (stageText as SlaMetricStage) : 'unknown';
    if (stage === 'unknown') problems.push(`SLA ${metric} has an unknown stage`);
    const breachAt = canonicalInstant(raw.breach_at);
    if (breachAt === null && raw.breach_at !== null && raw.breach_at !== undefined) {
      problems.push(`SLA ${metric} has an unreadable breach_at`);
    }
    result.push({ metric, stage, breachAt });
  }
  return result;
}

function readStatus(value: unknown, problems: string[]): TicketStatus {
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if ((STATUSES as readonly string[]).includes(text)) return text as TicketStatus;
  problems.push('unknown status');
  return 'unknown';
}

function readPriority(value: unknown, problems: string[]): TicketPriority {
  if (value === null || value === undefined) return 'none';
  const text = typeof value === 'string' ? value.toLowerCase() : '';
  if ((PRIORITIES as readonly string[]).includes(text)) return text as TicketPriority;
  problems.push('unknown priority');
  return 'unknown';
}

function readSubject(value: unknown, problems: string[]): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push('ticket has no subject');
    return '(no subject)';
  }
  return cap(value.trim(), MAX_SUBJECT_LENGTH);
}

function readTags(value: unknown, problems: string[]): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push('tags is not a list');
    return [];
  }
  const tags = (value as unknown[]).filter((tag): tag is string => typeof tag === 'string' && tag.length > 0);
  if (tags.length !== value.length) problems.push('some tags are not text');
  return tags.map((tag) => cap(tag, 200));
}

function readViaChannel(via: unknown): string {
  const channel = isRecord(via) ? via.channel : undefined;
  return typeof channel === 'string' && channel ? cap(channel.toLowerCase(), 50) : 'unknown';
}

function readInstant(value: unknown, field: string, problems: string[]): IsoInstant | null {
  if (value === null || value === undefined) return null;
  const instant = canonicalInstant(value);
  if (instant === null) problems.push(`${field} is not a date`);
  return instant;
}

function optionalInt(value: unknown, field: string, problems: string[]): number | null {
  if (value === null || value === undefined) return null;
  const id = positiveInt(value);
  if (id === null) problems.push(`${field} is not an id`);
  return id;
}

/** An API's ISO-like instant as canonical UTC (`2024-05-01T09:00:00.000Z`), or null when unreadable. */
export function canonicalInstant(value: unknown): IsoInstant | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const ms = parseInstant(value);
  return ms === null ? null : new Date(ms).toISOString();
}

/** A positive safe integer id (numbers or digit strings), else null. */
export function positiveInt(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
}

function isPosthogHost(hostname: string): boolean {
  return hostname === 'posthog.com' || hostname === 'www.posthog.com';
}

function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair (an emoji) at the cut.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function safeJson(value: unknown): string {
  if (value === null || value === undefined) return '';
  try {
    return JSON.stringify(value).slice(0, 2000);
  } catch {
    return '';
  }
}

/** Everything one queue read collected, before transforming. */
export interface RawQueue {
  /** Tickets in queue order (views first to last), possibly with duplicates across views. */
  tickets: unknown[];
  users: unknown[];
  organizations: unknown[];
}

/**
 * Transforms a whole queue: tickets deduplicated by id (first occurrence wins), side-loads indexed, every
 * problem reported as a DataProblem naming its record.
 */
export function transformQueue(
  raw: RawQueue,
  options: { subdomain: string; orgFields: TicketContext['orgFields'] },
): { tickets: Ticket[]; problems: DataProblem[] } {
  const context: TicketContext = {
    subdomain: options.subdomain,
    orgFields: options.orgFields,
    usersById: indexById<RawUser>(raw.users),
    organizationsById: indexById<RawOrganization>(raw.organizations),
  };
  const tickets: Ticket[] = [];
  const problems: DataProblem[] = [];
  const seen = new Set<number>();
  for (const record of raw.tickets) {
    const result = transformTicket(record, context);
    if (result.ticket === null) {
      problems.push({ source: 'zendesk', record: null, message: result.problem });
      continue;
    }
    if (seen.has(result.ticket.id)) continue;
    seen.add(result.ticket.id);
    tickets.push(result.ticket);
    for (const message of result.ticket.problems) {
      problems.push({ source: 'zendesk', record: `ticket ${result.ticket.id}`, message });
    }
  }
  return { tickets, problems };
}

/** Indexes records by their positive integer id, ignoring anything without one. */
export function indexById<T>(records: unknown[]): Map<number, T> {
  const byId = new Map<number, T>();
  for (const record of records) {
    if (!isRecord(record)) continue;
    const id = positiveInt(record.id);
    if (id !== null && !byId.has(id)) byId.set(id, record as T);
  }
  return byId;
}
