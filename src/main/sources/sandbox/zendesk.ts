/**
 * The Zendesk Support API routes the app uses, answering with Zendesk's shapes (see specs/zendesk and
 * domain/api-facts.md): views with both paging styles, show_many with side-loads (including SLAs), users,
 * organizations, organization fields and a basic ticket search.
 */
import { json, queryInt, queryList, type Reply, type RouteContext, zendeskTime } from './http-util';
import {
  atOffset,
  type ScenarioOrganization,
  type ScenarioTicket,
  type ScenarioUser,
  type ScenarioView,
  type ScenarioZendesk,
} from './scenario';

const MAX_PAGE_SIZE = 100;
const MAX_SHOW_MANY = 100;
const MAX_SEARCH_RESULTS = 1000;

/** The Basic-auth identity of a request, or `null` when it does not authenticate. */
export function authenticateZendesk(zendesk: ScenarioZendesk, authorization: string | undefined): string | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf('/token:');
  if (separator <= 0) return null;
  const email = decoded.slice(0, separator).toLowerCase();
  const token = decoded.slice(separator + '/token:'.length);
  const known = zendesk.apiTokens.find((entry) => entry.email.toLowerCase() === email && entry.token === token);
  return known ? known.email : null;
}

export const ZENDESK_UNAUTHORIZED: Reply = json(401, { error: "Couldn't authenticate you" });

/** Answers one authenticated Zendesk request. */
export function routeZendesk(context: RouteContext, email: string): Reply {
  const path = context.path.replace(/\.json$/, '').replace(/\/+$/, '');
  const zendesk = context.scenario.zendesk;
  if (path === '/api/v2/users/me') return json(200, { user: renderMe(context, email) });
  if (path === '/api/v2/views') return listViews(context, zendesk.views);
  if (path === '/api/v2/views/active') {
    return listViews(
      context,
      zendesk.views.filter((view) => view.active),
    );
  }
  const viewTickets = /^\/api\/v2\/views\/(\d+)\/tickets$/.exec(path);
  if (viewTickets) return listViewTickets(context, Number(viewTickets[1]));
  const view = /^\/api\/v2\/views\/(\d+)$/.exec(path);
  if (view) {
    const found = zendesk.views.find((candidate) => candidate.id === Number(view[1]));
    return found ? json(200, { view: renderView(context, found) }) : notFound();
  }
  if (path === '/api/v2/tickets/show_many') return showManyTickets(context);
  const ticket = /^\/api\/v2\/tickets\/(\d+)$/.exec(path);
  if (ticket) {
    const found = zendesk.tickets.find((candidate) => candidate.id === Number(ticket[1]));
    return found ? json(200, { ticket: renderTicket(context, found, false) }) : notFound();
  }
  if (path === '/api/v2/users/show_many') {
    return showMany(context, 'users', zendesk.users, (user) => renderUser(context, user));
  }
  if (path === '/api/v2/organizations/show_many') {
    return showMany(context, 'organizations', zendesk.organizations, (org) => renderOrganization(context, org));
  }
  if (path === '/api/v2/organization_fields') {
    const fields = zendesk.organizationFields.map((field, index) => ({
      url: `${context.origin}/api/v2/organization_fields/${field.id}.json`,
      id: field.id,
      type: field.type,
      key: field.key,
      title: field.title,
      raw_title: field.title,
      description: '',
      raw_description: '',
      position: index,
      active: true,
      system: false,
      regexp_for_validation: null,
      created_at: zendeskTime(context.anchorMs - 365 * 86_400_000),
      updated_at: zendeskTime(context.anchorMs - 30 * 86_400_000),
    }));
    return paginate(context, 'organization_fields', fields, (field) => field.id);
  }
  if (path === '/api/v2/search') return search(context);
  return json(404, { error: 'InvalidEndpoint', description: 'Not found' });
}

function notFound(): Reply {
  return json(404, { error: 'RecordNotFound', description: 'Not found' });
}

function badRequest(description: string): Reply {
  return json(400, { error: 'InvalidPaginationParameter', description });
}

// ------------------------------------------------------------------------------------------------
// Listing and paging
// ------------------------------------------------------------------------------------------------

function listViews(context: RouteContext, views: ScenarioView[]): Reply {
  const sorted = [...views].sort((a, b) => a.id - b.id);
  const reply = paginate(context, 'views', sorted, (view) => view.id);
  if (reply.status !== 200) return reply;
  const body = reply.body as { views: ScenarioView[] };
  return json(200, { ...body, views: body.views.map((view) => renderView(context, view)) });
}

function listViewTickets(context: RouteContext, viewId: number): Reply {
  const view = context.scenario.zendesk.views.find((candidate) => candidate.id === viewId);
  if (!view) return notFound();
  const tickets = context.scenario.zendesk.tickets
    .filter((ticket) => viewMatches(view, ticket))
    .sort((a, b) => a.id - b.id);
  // Side-loads are computed per page, as Zendesk does; `slas` is not honoured on views (unverified upstream).
  const reply = paginate(context, 'tickets', tickets, (ticket) => ticket.id);
  if (reply.status !== 200) return reply;
  const body = reply.body as Record<string, unknown>;
  const page = body.tickets as ScenarioTicket[];
  body.tickets = page.map((ticket) => renderTicket(context, ticket, false));
  Object.assign(body, sideLoads(context, page, includes(context)));
  return reply;
}

/** Whether a ticket belongs to a view: every condition present must hold. */
export function viewMatches(view: ScenarioView, ticket: ScenarioTicket): boolean {
  const { statuses, groupIds, tagsAll, tagsAny } = view.conditions;
  if (statuses?.length && !statuses.includes(ticket.status)) return false;
  if (groupIds?.length && (ticket.group_id === null || !groupIds.includes(ticket.group_id))) return false;
  if (tagsAll?.length && !tagsAll.every((tag) => ticket.tags.includes(tag))) return false;
  if (tagsAny?.length && !tagsAny.some((tag) => ticket.tags.includes(tag))) return false;
  return true;
}

/**
 * Zendesk's two paging styles over an id-ordered list. `page[size]` selects cursor paging (cursors are
 * opaque and keyed on the last id, so records added or removed between pages are neither repeated nor
 * skipped); otherwise offset paging with `per_page` (capped at 100) and `page`.
 */
function paginate<T>(context: RouteContext, key: string, items: T[], idOf: (item: T) => number): Reply {
  const { query } = context;
  const cursorMode = query.has('page[size]') || query.has('page[after]') || query.has('page[before]');
  if (cursorMode) {
    const size = queryInt(query, 'page[size]') ?? MAX_PAGE_SIZE;
    if (size === null || size < 1 || size > MAX_PAGE_SIZE) {
      return badRequest(`page[size] must be an integer between 1 and ${MAX_PAGE_SIZE}`);
    }
    const after = query.get('page[after]');
    let startIndex = 0;
    if (after) {
      const lastId = decodeCursor(after);
      if (lastId === null) return badRequest('page[after] is not a valid cursor');
      startIndex = items.findIndex((item) => idOf(item) > lastId);
      if (startIndex < 0) startIndex = items.length;
    }
    const page = items.slice(startIndex, startIndex + size);
    const hasMore = startIndex + size < items.length;
    const first = page[0];
    const last = page[page.length - 1];
    const afterCursor = last === undefined ? null : encodeCursor(idOf(last));
    const beforeCursor = first === undefined ? null : encodeCursor(idOf(first) - 1);
    return json(200, {
      [key]: page,
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
      links: {
        // Backwards paging is not emulated; nothing in the app walks back.
        prev: null,
        next: afterCursor ? pageLink(context, { 'page[after]': afterCursor, 'page[before]': null }) : null,
      },
    });
  }
  const perPageRaw = queryInt(query, 'per_page');
  const pageRaw = queryInt(query, 'page');
  if (perPageRaw === null || pageRaw === null || pageRaw === 0) return badRequest('per_page and page must be positive');
  const perPage = Math.min(Math.max(perPageRaw ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const pageNumber = pageRaw ?? 1;
  const start = (pageNumber - 1) * perPage;
  const page = items.slice(start, start + perPage);
  return json(200, {
    [key]: page,
    next_page: start + perPage < items.length ? pageLink(context, { page: String(pageNumber + 1) }) : null,
    previous_page: pageNumber > 1 ? pageLink(context, { page: String(pageNumber - 1) }) : null,
    count: items.length,
  });
}

function pageLink(context: RouteContext, changes: Record<string, string | null>): string {
  const url = new URL(`${context.origin}${context.path}`);
  for (const [name, value] of context.query) url.searchParams.append(name, value);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.toString();
}

function encodeCursor(lastId: number): string {
  return Buffer.from(JSON.stringify({ o: lastId })).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isFinite(parsed.o) ? parsed.o : null;
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------------------------------------
// show_many and side-loads
// ------------------------------------------------------------------------------------------------

function includes(context: RouteContext): Set<string> {
  return new Set(queryList(context.query, 'include').map((value) => value.toLowerCase()));
}

function parseIds(context: RouteContext): number[] | Reply {
  const raw = queryList(context.query, 'ids');
  if (raw.length === 0) return json(400, { error: 'InvalidValue', description: 'ids is required' });
  if (raw.some((value) => !/^\d+$/.test(value))) {
    return json(400, { error: 'InvalidValue', description: 'ids must be a comma-separated list of integers' });
  }
  const ids = [...new Set(raw.map(Number))];
  if (ids.length > MAX_SHOW_MANY) {
    return json(400, { error: 'InvalidValue', description: `Too many ids (max ${MAX_SHOW_MANY})` });
  }
  return ids;
}

function showManyTickets(context: RouteContext): Reply {
  const ids = parseIds(context);
  if (!Array.isArray(ids)) return ids;
  const wanted = includes(context);
  const byId = new Map(context.scenario.zendesk.tickets.map((ticket) => [ticket.id, ticket]));
  const found = ids.map((id) => byId.get(id)).filter((ticket): ticket is ScenarioTicket => ticket !== undefined);
  return json(200, {
    tickets: found.map((ticket) => renderTicket(context, ticket, wanted.has('slas'))),
    ...sideLoads(context, found, wanted),
    next_page: null,
    previous_page: null,
    count: found.length,
  });
}

function showMany<T extends { id: number }>(
  context: RouteContext,
  key: string,
  records: T[],
  render: (record: T) => unknown,
): Reply {
  const ids = parseIds(context);
  if (!Array.isArray(ids)) return ids;
  const byId = new Map(records.map((record) => [record.id, record]));
  const found = ids.map((id) => byId.get(id)).filter((record): record is T => record !== undefined);
  return json(200, { [key]: found.map(render), next_page: null, previous_page: null, count: found.length });
}

function sideLoads(context: RouteContext, tickets: ScenarioTicket[], wanted: Set<string>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const zendesk = context.scenario.zendesk;
  if (wanted.has('users')) {
    const ids = new Set<number>();
    for (const ticket of tickets) {
      ids.add(ticket.requester_id);
      if (ticket.assignee_id !== null) ids.add(ticket.assignee_id);
    }
    result.users = zendesk.users.filter((user) => ids.has(user.id)).map((user) => renderUser(context, user));
  }
  if (wanted.has('organizations')) {
    const ids = new Set(tickets.map((ticket) => ticket.organization_id).filter((id) => id !== null));
    result.organizations = zendesk.organizations
      .filter((org) => ids.has(org.id))
      .map((org) => renderOrganization(context, org));
  }
  if (wanted.has('groups')) {
    const ids = new Set(tickets.map((ticket) => ticket.group_id).filter((id) => id !== null));
    result.groups = zendesk.groups
      .filter((group) => ids.has(group.id))
      .map((group) => ({ id: group.id, name: group.name, url: `${context.origin}/api/v2/groups/${group.id}.json` }));
  }
  return result;
}

// ------------------------------------------------------------------------------------------------
// Search (basic `type:ticket` queries)
// ------------------------------------------------------------------------------------------------

const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

function search(context: RouteContext): Reply {
  const queryText = context.query.get('query') ?? '';
  const terms = queryText.split(/\s+/).filter((term) => term.length > 0);
  let type: string | null = null;
  const filters: ((ticket: ScenarioTicket) => boolean)[] = [];
  for (const term of terms) {
    const match = /^(-?)([a-z_]+)(:|<|>)(.+)$/i.exec(term);
    if (!match) {
      const text = term.replace(/^"|"$/g, '').toLowerCase();
      filters.push((ticket) => `${ticket.subject}\n${ticket.description}`.toLowerCase().includes(text));
      continue;
    }
    const [, negate, rawKey, operator, rawValue] = match as unknown as [string, string, string, string, string];
    const key = rawKey.toLowerCase();
    const value = rawValue.toLowerCase();
    let test: ((ticket: ScenarioTicket) => boolean) | null = null;
    if (key === 'type') type = value;
    else if (key === 'status') {
      const rank = STATUS_ORDER.indexOf(value);
      test = (ticket) => {
        const own = STATUS_ORDER.indexOf(ticket.status);
        if (operator === '<') return own < rank;
        if (operator === '>') return own > rank;
        return ticket.status === value;
      };
    } else if (key === 'tags' || key === 'tag') test = (ticket) => ticket.tags.includes(value);
    else if (key === 'group' || key === 'group_id') test = (ticket) => String(ticket.group_id) === value;
    else if (key === 'organization' || key === 'organization_id') {
      test = (ticket) => String(ticket.organization_id) === value;
    } else if (key === 'priority') test = (ticket) => String(ticket.priority) === value;
    if (test) {
      const positive = test;
      filters.push(negate ? (ticket) => !positive(ticket) : positive);
    }
  }
  const results =
    type === null || type === 'ticket'
      ? context.scenario.zendesk.tickets
          .filter((ticket) => filters.every((filter) => filter(ticket)))
          .sort((a, b) => a.id - b.id)
      : [];
  const perPage = Math.min(Math.max(queryInt(context.query, 'per_page') ?? MAX_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const pageNumber = Math.max(queryInt(context.query, 'page') ?? 1, 1);
  if (pageNumber * perPage > MAX_SEARCH_RESULTS) {
    return json(422, { error: 'InvalidPaginationParameter', description: 'Search results are limited to 1000' });
  }
  const start = (pageNumber - 1) * perPage;
  const page = results.slice(start, start + perPage);
  return json(200, {
    results: page.map((ticket) => ({ ...renderTicket(context, ticket, false), result_type: 'ticket' })),
    facets: null,
    next_page:
      start + perPage < Math.min(results.length, MAX_SEARCH_RESULTS)
        ? pageLink(context, { page: String(pageNumber + 1) })
        : null,
    previous_page: pageNumber > 1 ? pageLink(context, { page: String(pageNumber - 1) }) : null,
    count: results.length,
  });
}

// ------------------------------------------------------------------------------------------------
// Rendering in Zendesk's shapes
// ------------------------------------------------------------------------------------------------

const CUSTOM_STATUS_IDS: Record<ScenarioTicket['status'], number> = {
  new: 36_001,
  open: 36_002,
  pending: 36_003,
  hold: 36_004,
  solved: 36_005,
  closed: 36_006,
};

/** A full Zendesk ticket object; `slas` only when side-loaded. */
export function renderTicket(
  context: RouteContext,
  ticket: ScenarioTicket,
  withSlas: boolean,
): Record<string, unknown> {
  const createdMs = atOffset(context.anchorMs, -ticket.createdMinutesAgo);
  const updatedMs = atOffset(context.anchorMs, -ticket.updatedMinutesAgo);
  const customFields = ticket.custom_fields ?? [];
  const rendered: Record<string, unknown> = {
    url: `${context.origin}/api/v2/tickets/${ticket.id}.json`,
    id: ticket.id,
    external_id: null,
    via: { channel: ticket.via.channel, source: ticket.via.source ?? { from: {}, to: {}, rel: null } },
    created_at: zendeskTime(createdMs),
    updated_at: zendeskTime(updatedMs),
    generated_timestamp: Math.floor(updatedMs / 1000),
    type: ticket.type,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    recipient: null,
    requester_id: ticket.requester_id,
    submitter_id: ticket.requester_id,
    assignee_id: ticket.assignee_id,
    organization_id: ticket.organization_id,
    group_id: ticket.group_id,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    forum_topic_id: null,
    problem_id: null,
    has_incidents: false,
    is_public: true,
    due_at: null,
    tags: [...ticket.tags],
    custom_fields: customFields,
    satisfaction_rating: null,
    sharing_agreement_ids: [],
    custom_status_id: CUSTOM_STATUS_IDS[ticket.status],
    fields: customFields,
    followup_ids: [],
    ticket_form_id: 360_000_000_001,
    brand_id: 360_000_000_002,
    allow_channelback: false,
    allow_attachments: true,
    from_messaging_channel: false,
  };
  if (withSlas) {
    rendered.slas = {
      policy_metrics: ticket.sla.map((seed) => {
        const breachMs = atOffset(context.anchorMs, seed.breachInMinutes);
        return {
          breach_at: zendeskTime(breachMs),
          stage: seed.stage,
          metric: seed.metric,
          ...remaining(breachMs, context.nowMs),
        };
      }),
    };
  }
  return rendered;
}

/** Zendesk states the time to breach in the largest whole unit (`minutes`, `hours` or `days`). */
function remaining(breachMs: number, nowMs: number): Record<string, number> {
  const minutes = Math.round((breachMs - nowMs) / 60_000);
  if (Math.abs(minutes) >= 1440) return { days: Math.trunc(minutes / 1440) };
  if (Math.abs(minutes) >= 60) return { hours: Math.trunc(minutes / 60) };
  return { minutes };
}

function renderView(context: RouteContext, view: ScenarioView): Record<string, unknown> {
  const { statuses, groupIds, tagsAll, tagsAny } = view.conditions;
  const all: { field: string; operator: string; value: unknown }[] = [];
  if (statuses?.length) all.push({ field: 'status', operator: 'is', value: statuses });
  if (groupIds?.length) all.push({ field: 'group_id', operator: 'is', value: groupIds });
  if (tagsAll?.length) all.push({ field: 'current_tags', operator: 'includes', value: tagsAll.join(' ') });
  const any = tagsAny?.length ? [{ field: 'current_tags', operator: 'includes', value: tagsAny.join(' ') }] : [];
  return {
    url: `${context.origin}/api/v2/views/${view.id}.json`,
    id: view.id,
    title: view.title,
    raw_title: view.title,
    active: view.active,
    default: false,
    position: 0,
    description: null,
    restriction: null,
    conditions: { all, any },
    execution: {
      group_by: null,
      sort_by: 'id',
      group_order: 'asc',
      sort_order: 'asc',
      columns: [
        { id: 'subject', title: 'Subject' },
        { id: 'requester', title: 'Requester' },
        { id: 'updated', title: 'Updated' },
      ],
    },
    created_at: zendeskTime(context.anchorMs - 400 * 86_400_000),
    updated_at: zendeskTime(context.anchorMs - 10 * 86_400_000),
  };
}

function renderUser(context: RouteContext, user: ScenarioUser): Record<string, unknown> {
  return {
    id: user.id,
    url: `${context.origin}/api/v2/users/${user.id}.json`,
    name: user.name,
    email: user.email,
    created_at: zendeskTime(context.anchorMs - 200 * 86_400_000),
    updated_at: zendeskTime(context.anchorMs - 2 * 86_400_000),
    time_zone: user.time_zone ?? 'UTC',
    iana_time_zone: user.time_zone === 'London' ? 'Europe/London' : 'Etc/UTC',
    phone: null,
    shared_phone_number: null,
    photo: null,
    locale_id: 1,
    locale: 'en-US',
    organization_id: user.organization_id,
    role: user.role,
    verified: true,
    external_id: null,
    tags: [],
    alias: null,
    active: true,
    shared: false,
    shared_agent: false,
    last_login_at: null,
    two_factor_auth_enabled: null,
    signature: null,
    details: null,
    notes: null,
    role_type: null,
    custom_role_id: null,
    moderator: user.role !== 'end-user',
    ticket_restriction: user.role === 'end-user' ? 'requested' : null,
    only_private_comments: false,
    restricted_agent: false,
    suspended: false,
    default_group_id: null,
    report_csv: false,
    user_fields: {},
  };
}

function renderMe(context: RouteContext, email: string): Record<string, unknown> {
  const user = context.scenario.zendesk.users.find(
    (candidate) => candidate.email.toLowerCase() === email.toLowerCase(),
  );
  return renderUser(
    context,
    user ?? { id: 7_999, name: email, email, role: 'agent', organization_id: null, time_zone: 'London' },
  );
}

function renderOrganization(context: RouteContext, org: ScenarioOrganization): Record<string, unknown> {
  return {
    url: `${context.origin}/api/v2/organizations/${org.id}.json`,
    id: org.id,
    name: org.name,
    shared_tickets: false,
    shared_comments: false,
    external_id: null,
    created_at: zendeskTime(context.anchorMs - 300 * 86_400_000),
    updated_at: zendeskTime(context.anchorMs - 3 * 86_400_000),
    domain_names: [...org.domain_names],
    details: '',
    notes: org.notes ?? '',
    group_id: null,
    tags: [...org.tags],
    organization_fields: { ...org.organization_fields },
  };
}
