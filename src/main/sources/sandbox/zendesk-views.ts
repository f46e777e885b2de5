/** Zendesk views: listing them, which tickets each holds (paged, with side-loads) and their rendered shape. */
import { json, type Reply, type RouteContext, zendeskTime } from './http-util';
import type { ScenarioTicket, ScenarioView } from './scenario';
import { zendeskNotFound } from './zendesk-errors';
import { paginate } from './zendesk-paging';
import { includes, sideLoads } from './zendesk-side-loads';
import { renderTicket } from './zendesk-ticket-shape';

/** One page of the given views, id-ordered, in Zendesk's view shape. */
export function listViews(context: RouteContext, views: ScenarioView[]): Reply {
  const sorted = [...views].sort((a, b) => a.id - b.id);
  const reply = paginate(context, 'views', sorted, (view) => view.id);
  if (reply.status !== 200) return reply;
  const body = reply.body as { views: ScenarioView[] };
  return json(200, { ...body, views: body.views.map((view) => renderView(context, view)) });
}

/** One page of the tickets a view holds, with the side-loads `include` asks for. */
export function listViewTickets(context: RouteContext, viewId: number): Reply {
  const view = context.scenario.zendesk.views.find((candidate) => candidate.id === viewId);
  if (!view) return zendeskNotFound();
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

/** A view in Zendesk's shape, its conditions restated in Zendesk's `all`/`any` form. */
export function renderView(context: RouteContext, view: ScenarioView): Record<string, unknown> {
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
