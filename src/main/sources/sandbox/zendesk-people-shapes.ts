/** Users (including the caller), organizations and organization fields rendered in Zendesk's shapes. */
import { type RouteContext, zendeskTime } from './http-util';
import type { ScenarioOrganization, ScenarioUser } from './scenario';

/** A full Zendesk user object. */
export function renderUser(context: RouteContext, user: ScenarioUser): Record<string, unknown> {
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

/** `users/me`: the scenario user with the caller's email, or a stand-in agent when the scenario has none. */
export function renderMe(context: RouteContext, email: string): Record<string, unknown> {
  const user = context.scenario.zendesk.users.find(
    (candidate) => candidate.email.toLowerCase() === email.toLowerCase(),
  );
  return renderUser(
    context,
    user ?? { id: 7_999, name: email, email, role: 'agent', organization_id: null, time_zone: 'London' },
  );
}

/** A full Zendesk organization object. */
export function renderOrganization(context: RouteContext, org: ScenarioOrganization): Record<string, unknown> {
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

/** The scenario's organization field definitions, in Zendesk's shape and order. */
export function renderOrganizationFields(context: RouteContext) {
  return context.scenario.zendesk.organizationFields.map((field, index) => ({
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
}
