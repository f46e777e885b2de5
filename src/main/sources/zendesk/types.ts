/**
 * Raw Zendesk payloads as the API sends them. Every field is optional and loosely typed on purpose: the transform
 * checks each one, so a renamed or missing field becomes a reported problem instead of a crash.
 */

export interface RawVia {
  channel?: unknown;
  source?: { from?: unknown; to?: unknown; rel?: unknown } | null;
}

export interface RawSlaPolicyMetric {
  metric?: unknown;
  stage?: unknown;
  breach_at?: unknown;
  minutes?: unknown;
  hours?: unknown;
  days?: unknown;
}

export interface RawTicket {
  id?: unknown;
  subject?: unknown;
  raw_subject?: unknown;
  description?: unknown;
  status?: unknown;
  priority?: unknown;
  tags?: unknown;
  group_id?: unknown;
  assignee_id?: unknown;
  requester_id?: unknown;
  organization_id?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  via?: RawVia | null;
  slas?: { policy_metrics?: unknown } | null;
  [key: string]: unknown;
}

export interface RawUser {
  id?: unknown;
  name?: unknown;
  email?: unknown;
  organization_id?: unknown;
}

export interface RawOrganization {
  id?: unknown;
  name?: unknown;
  tags?: unknown;
  organization_fields?: Record<string, unknown> | null;
}

/** `GET /views/{id}/tickets` page (cursor or offset paging). */
export interface RawTicketPage {
  tickets?: unknown;
  meta?: { has_more?: unknown; after_cursor?: unknown } | null;
  links?: { next?: unknown } | null;
  next_page?: unknown;
}

/** `GET /tickets/show_many?include=slas,users,organizations`. */
export interface RawShowManyTickets {
  tickets?: unknown;
  users?: unknown;
  organizations?: unknown;
}

export interface RawView {
  id?: unknown;
  title?: unknown;
  active?: unknown;
}

export interface RawOrganizationField {
  key?: unknown;
  title?: unknown;
}
