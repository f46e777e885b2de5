/**
 * The Zendesk source: the team's queue as the union of the configured views, every page, with SLAs, requesters and
 * organizations side-loaded in batches of 100 tickets.
 */
import type { DataProblem } from '../../../shared/domain';
import type { RateLimitInfo } from '../http';
import { SourceError, type ZendeskQueueResult, type ZendeskSource } from '../source';
import { createZendeskClient, type ZendeskSession } from './client';
import { indexById, positiveInt, transformQueue } from './transform';
import type { RawTicket } from './types';

export { createZendeskClient, nextPage, zendeskBaseUrl } from './client';
export { transformQueue, transformTicket } from './transform';

export interface ZendeskSourceConfig {
  subdomain: string;
  email: string;
  token: string;
  viewIds: number[];
  orgFields: { plan: string; mrr: string; contentWarning: string };
  baseUrl?: string | null;
  timeoutMs: number;
  /** Tickets per view page (Zendesk's maximum, 100, by default). */
  pageSize?: number;
  now?: () => number;
  /** Cap on one response's bytes after decompression (the transport's default, 32 MiB, when absent). */
  maxResponseBytes?: number;
  /** Tickets read per view before the rest is cut (MAX_TICKETS_PER_VIEW by default); bounds the pages read. */
  maxTicketsPerView?: number;
}

export interface ZendeskSourceExtras {
  /** Views the account can see, for the settings picker. */
  listViews(signal?: AbortSignal): Promise<{ id: number; title: string; active: boolean }[]>;
  /** Organization fields, to pick the plan, MRR and content-warning keys. */
  listOrganizationFields(signal?: AbortSignal): Promise<{ key: string; title: string }[]>;
  /** The agent the credentials belong to (a "test connection" button). */
  whoAmI(signal?: AbortSignal): Promise<{ name: string; email: string }>;
  /** The last rate-limit headers seen, so the engine can slow down before a 429. */
  rateLimit(): RateLimitInfo | null;
}

const BATCH_SIZE = 100;
/**
 * A team queue holds a few hundred tickets, a few thousand on a bad day; past this a view is a misconfiguration
 * (a view of every ticket) or a server that never stops saying "more". With 100 per page that is 50 pages.
 */
export const MAX_TICKETS_PER_VIEW = 5_000;

/** Creates the Zendesk source. Throws nothing itself; every call rejects only with SourceError. */
export function createZendeskSource(config: ZendeskSourceConfig): ZendeskSource & ZendeskSourceExtras {
  const client = createZendeskClient(config);
  const pageSize = Math.min(100, Math.max(1, Math.floor(config.pageSize ?? 100)));
  const maxPagesPerView = Math.max(1, Math.ceil((config.maxTicketsPerView ?? MAX_TICKETS_PER_VIEW) / pageSize));
  const viewIds = [...new Set(config.viewIds)];

  function requireCredentials(): void {
    if (!config.email || !config.token || (!config.subdomain && !config.baseUrl)) {
      throw new SourceError({ kind: 'not_configured', detail: 'Zendesk needs a subdomain, an email and an API token' });
    }
  }

  async function fetchQueue(signal?: AbortSignal): Promise<ZendeskQueueResult> {
    requireCredentials();
    if (viewIds.length === 0) {
      throw new SourceError({ kind: 'not_configured', detail: 'No Zendesk views are selected' });
    }
    const session = client.session(signal);
    const problems: DataProblem[] = [];
    const { tickets: listed, truncated } = await readViews(session, problems);
    const ids = [...new Set(listed.map((ticket) => positiveInt(ticket.id)).filter((id) => id !== null))];

    const detailed = new Map<number, unknown>();
    const users: unknown[] = [];
    const organizations: unknown[] = [];
    for (const batch of chunks(ids, BATCH_SIZE)) {
      const page = await session.showManyTickets(batch);
      const records = keepObjects(page.tickets as unknown[], 'a tickets/show_many record', problems);
      for (const [id, ticket] of indexById<RawTicket>(records)) detailed.set(id, ticket);
      if (Array.isArray(page.users)) users.push(...keepObjects(page.users, 'a side-loaded user', problems));
      if (Array.isArray(page.organizations)) {
        organizations.push(...keepObjects(page.organizations, 'a side-loaded organization', problems));
      }
    }
    await fillMissingSideLoads(session, [...detailed.values()] as RawTicket[], users, organizations, problems);

    const tickets = listed.map((ticket) => {
      const id = positiveInt(ticket.id);
      if (id === null) return ticket;
      const fresh = detailed.get(id);
      if (fresh !== undefined) return fresh;
      // Listed a moment ago, gone from show_many now (deleted or moved): keep what the view said, without SLAs.
      problems.push({ source: 'zendesk', record: `ticket ${id}`, message: 'not returned by show_many; SLAs unknown' });
      return ticket;
    });
    const transformed = transformQueue(
      { tickets, users, organizations },
      { subdomain: config.subdomain, orgFields: config.orgFields },
    );
    return {
      tickets: transformed.tickets,
      problems: [...problems, ...transformed.problems],
      requests: session.requests(),
      truncated,
    };
  }

  /**
   * Every page of every view, in order, up to the page cap per view; any failed page fails the whole read. A view
   * that reaches its cap keeps what was read and says so (`truncated` and a problem): a cut list beats none.
   */
  async function readViews(
    session: ZendeskSession,
    problems: DataProblem[],
  ): Promise<{ tickets: RawTicket[]; truncated: boolean }> {
    const tickets: RawTicket[] = [];
    let truncated = false;
    for (const viewId of viewIds) {
      let next: string | null = null;
      let pages = 0;
      do {
        if (pages === maxPagesPerView) {
          truncated = true;
          problems.push({
            source: 'zendesk',
            record: `view ${viewId}`,
            message: `the list was cut short after ${pages} pages (${pages * pageSize} tickets); the rest was not read`,
          });
          break;
        }
        pages++;
        const page = await session.viewTicketsPage(viewId, next, pageSize);
        tickets.push(...(keepObjects(page.tickets, `a row of view ${viewId}`, problems) as RawTicket[]));
        next = page.next;
      } while (next !== null);
    }
    return { tickets, truncated };
  }

  /** Fetches requesters and organizations the show_many side-load left out, in batches; usually nothing. */
  async function fillMissingSideLoads(
    session: ZendeskSession,
    tickets: RawTicket[],
    users: unknown[],
    organizations: unknown[],
    problems: DataProblem[],
  ): Promise<void> {
    const knownUsers = indexById(users);
    const knownOrgs = indexById(organizations);
    const missingUsers = new Set<number>();
    const missingOrgs = new Set<number>();
    for (const ticket of tickets) {
      const requester = positiveInt(ticket.requester_id);
      if (requester !== null && !knownUsers.has(requester)) missingUsers.add(requester);
      const org = positiveInt(ticket.organization_id);
      if (org !== null && !knownOrgs.has(org)) missingOrgs.add(org);
    }
    for (const batch of chunks([...missingUsers], BATCH_SIZE)) {
      users.push(...keepObjects(await session.showManyUsers(batch), 'a users/show_many record', problems));
    }
    for (const batch of chunks([...missingOrgs], BATCH_SIZE)) {
      const found = await session.showManyOrganizations(batch);
      organizations.push(...keepObjects(found, 'an organizations/show_many record', problems));
    }
  }

  return {
    fetchQueue,
    async listViews(signal) {
      requireCredentials();
      const views = await client.session(signal).views();
      return views.flatMap((view) => {
        const id = positiveInt(view.id);
        if (id === null) return [];
        const title = typeof view.title === 'string' ? view.title : `View ${id}`;
        return [{ id, title, active: view.active !== false }];
      });
    },
    async listOrganizationFields(signal) {
      requireCredentials();
      const fields = await client.session(signal).organizationFields();
      return fields.flatMap((field) =>
        typeof field.key === 'string' && field.key
          ? [{ key: field.key, title: typeof field.title === 'string' ? field.title : field.key }]
          : [],
      );
    },
    async whoAmI(signal) {
      requireCredentials();
      const user = await client.session(signal).me();
      const email = typeof user.email === 'string' ? user.email : '';
      // Zendesk answers an unauthenticated /users/me with an anonymous user (id null) rather than a 401.
      if (positiveInt(user.id) === null) {
        throw new SourceError({ kind: 'auth_rejected', status: 401, detail: 'Zendesk did not recognise the agent' });
      }
      return { name: typeof user.name === 'string' ? user.name : email, email };
    },
    rateLimit: () => client.rateLimit(),
  };
}

/** The object records of a list; every other entry (null, a number, a string, a list) becomes one problem. */
function keepObjects(records: unknown[], what: string, problems: DataProblem[]): Record<string, unknown>[] {
  const kept: Record<string, unknown>[] = [];
  for (const record of records) {
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
      kept.push(record as Record<string, unknown>);
    } else {
      problems.push({ source: 'zendesk', record: null, message: `${what} is ${describeValue(record)}, not an object` });
    }
  }
  return kept;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}
