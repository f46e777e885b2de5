/** Zendesk's `show_many` endpoints and the `include=` side-loads (users, organizations, groups) on ticket lists. */
import { json, queryList, type Reply, type RouteContext } from './http-util';
import type { ScenarioTicket } from './scenario';
import { renderOrganization, renderUser } from './zendesk-people-shapes';
import { renderTicket } from './zendesk-ticket-shape';

const MAX_SHOW_MANY = 100;

/** The side-loads a request names in `include`, lower-cased. */
export function includes(context: RouteContext): Set<string> {
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

/** `tickets/show_many`, the only place the `slas` side-load is honoured. */
export function showManyTickets(context: RouteContext): Reply {
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

/** A generic `show_many` over records keyed by id; unknown ids are left out, as Zendesk does. */
export function showMany<T extends { id: number }>(
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

/** The records the given tickets refer to, for each side-load wanted. */
export function sideLoads(
  context: RouteContext,
  tickets: ScenarioTicket[],
  wanted: Set<string>,
): Record<string, unknown> {
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
