/**
 * The Zendesk Support API routes the app uses, answering with Zendesk's shapes (see specs/zendesk and
 * domain/api-facts.md): authentication and the route table. The parts live beside it: paging
 * (zendesk-paging), views (zendesk-views), show_many and side-loads (zendesk-side-loads), search
 * (zendesk-search), the ticket and SLA shape (zendesk-ticket-shape) and users/organizations
 * (zendesk-people-shapes).
 */
import { json, type Reply, type RouteContext } from './http-util';
import type { ScenarioZendesk } from './scenario';
import { zendeskNotFound } from './zendesk-errors';
import { paginate } from './zendesk-paging';
import { renderMe, renderOrganization, renderOrganizationFields, renderUser } from './zendesk-people-shapes';
import { search } from './zendesk-search';
import { showMany, showManyTickets } from './zendesk-side-loads';
import { renderTicket } from './zendesk-ticket-shape';
import { listViews, listViewTickets, renderView } from './zendesk-views';

export { renderTicket } from './zendesk-ticket-shape';
export { viewMatches } from './zendesk-views';

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
    return found ? json(200, { view: renderView(context, found) }) : zendeskNotFound();
  }
  if (path === '/api/v2/tickets/show_many') return showManyTickets(context);
  const ticket = /^\/api\/v2\/tickets\/(\d+)$/.exec(path);
  if (ticket) {
    const found = zendesk.tickets.find((candidate) => candidate.id === Number(ticket[1]));
    return found ? json(200, { ticket: renderTicket(context, found, false) }) : zendeskNotFound();
  }
  if (path === '/api/v2/users/show_many') {
    return showMany(context, 'users', zendesk.users, (user) => renderUser(context, user));
  }
  if (path === '/api/v2/organizations/show_many') {
    return showMany(context, 'organizations', zendesk.organizations, (org) => renderOrganization(context, org));
  }
  if (path === '/api/v2/organization_fields') {
    return paginate(context, 'organization_fields', renderOrganizationFields(context), (field) => field.id);
  }
  if (path === '/api/v2/search') return search(context);
  return json(404, { error: 'InvalidEndpoint', description: 'Not found' });
}
