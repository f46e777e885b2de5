/** Sources pointed at a hostile server, and well-formed records to mix bad ones into. */
import { createPagerDutySource, type PagerDutySourceConfig } from '../../src/main/sources/pagerduty';
import { createZendeskSource, type ZendeskSourceConfig } from '../../src/main/sources/zendesk';

export const ZENDESK_TOKEN = 'zd-hostile-secret-token';
export const PAGERDUTY_TOKEN = 'pd-hostile-secret-token';
export const ORG_FIELDS = { plan: 'plan', mrr: 'mrr', contentWarning: 'content_warning' };

export function zendeskAt(origin: string, overrides: Partial<ZendeskSourceConfig> = {}) {
  return createZendeskSource({
    subdomain: 'acme',
    email: 'agent@example.com',
    token: ZENDESK_TOKEN,
    viewIds: [1],
    orgFields: ORG_FIELDS,
    baseUrl: `${origin}/api/v2`,
    timeoutMs: 5_000,
    ...overrides,
  });
}

export function pagerdutyAt(origin: string, overrides: Partial<PagerDutySourceConfig> = {}) {
  return createPagerDutySource({
    token: PAGERDUTY_TOKEN,
    region: 'us',
    scheduleIds: ['PSCHED1'],
    userEmail: null,
    horizonDays: 30,
    baseUrl: origin,
    timeoutMs: 5_000,
    ...overrides,
  });
}

export const ticket = (id: number) => ({
  id,
  subject: `Ticket ${id}`,
  status: 'open',
  priority: 'high',
  requester_id: 1000 + id,
  organization_id: 2000 + id,
  updated_at: '2026-11-30T09:00:00Z',
});
export const user = (id: number) => ({ id, name: `User ${id}`, email: `u${id}@example.com` });
export const organization = (id: number) => ({ id, name: `Org ${id}`, organization_fields: {} });

export const pdUser = { id: 'PUSER1', name: 'Ada', email: 'ada@example.com' };
export function onCall(startIso: string, endIso: string, userRef: unknown = pdUser) {
  return {
    user: userRef,
    schedule: { id: 'PSCHED1', summary: 'Support Hero', html_url: 'https://acme.pagerduty.com/schedules/PSCHED1' },
    escalation_level: 1,
    start: startIso,
    end: endIso,
  };
}

/** The ids in a `?ids=1,2,3` query. */
export function idsOf(url: URL): number[] {
  return (url.searchParams.get('ids') ?? '').split(',').filter(Boolean).map(Number);
}
