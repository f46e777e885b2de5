/** Zendesk's ticket search, for the basic `type:ticket` queries the app sends. */
import { json, queryInt, type Reply, type RouteContext } from './http-util';
import type { ScenarioTicket } from './scenario';
import { MAX_PAGE_SIZE, pageLink } from './zendesk-paging';
import { renderTicket } from './zendesk-ticket-shape';

const MAX_SEARCH_RESULTS = 1000;
const STATUS_ORDER = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];

/** `search`: free text plus `key:value` / `status<x` terms (negatable), paged up to Zendesk's 1000-result cap. */
export function search(context: RouteContext): Reply {
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
