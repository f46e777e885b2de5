/**
 * Zendesk over HTTP: node-zendesk builds URLs, query strings and the Basic auth header; the shared fetch transport
 * (`transportConfig.transportFn`) sends them, so timeouts, cancellation and typed errors are ours.
 */
import zendesk from 'node-zendesk';
import { type JsonResponse, type RateLimitInfo, requestJson, requestTracker } from '../http';
import { SourceError } from '../source';
import type { RawOrganizationField, RawShowManyTickets, RawTicketPage, RawView } from './types';

export interface ZendeskClientConfig {
  subdomain: string;
  email: string;
  token: string;
  /** Overrides `https://{subdomain}.zendesk.com/api/v2` (a proxy or the sandbox). */
  baseUrl?: string | null;
  timeoutMs: number;
  now?: () => number;
  /** Cap on one response's bytes after decompression (the transport's default when absent). */
  maxResponseBytes?: number;
}

/** One page of a view's tickets and where the next one is. */
export interface ViewPage {
  tickets: unknown[];
  /** Pass back to `viewTicketsPage` for the following page; `null` on the last page. */
  next: string | null;
}

/** The calls one read makes, sharing one cancel signal and one request counter. */
export interface ZendeskSession {
  viewTicketsPage(viewId: number, next: string | null, pageSize: number): Promise<ViewPage>;
  /** Tickets by id (at most 100) with SLAs, users and organizations side-loaded. */
  showManyTickets(ids: number[]): Promise<RawShowManyTickets>;
  showManyUsers(ids: number[]): Promise<unknown[]>;
  showManyOrganizations(ids: number[]): Promise<unknown[]>;
  me(): Promise<Record<string, unknown>>;
  views(): Promise<RawView[]>;
  organizationFields(): Promise<RawOrganizationField[]>;
  /** Requests sent so far in this session. */
  requests(): number;
}

export interface ZendeskClient {
  /** The API base every request goes to (without a trailing slash). */
  readonly baseUrl: string;
  session(signal?: AbortSignal): ZendeskSession;
  /** The last rate-limit headers Zendesk sent, or `null` before any. */
  rateLimit(): RateLimitInfo | null;
}

/** A guard against a server that never stops saying "more" on a settings listing: 5,000 views or fields. */
export const MAX_LISTING_PAGES = 50;

/** The default Zendesk API base for a subdomain, or the configured override. */
export function zendeskBaseUrl(config: Pick<ZendeskClientConfig, 'subdomain' | 'baseUrl'>): string {
  const base = config.baseUrl?.trim() || `https://${config.subdomain}.zendesk.com/api/v2`;
  return base.replace(/\/+$/, '');
}

/** Creates a Zendesk client; no request is made until a session calls. */
export function createZendeskClient(config: ZendeskClientConfig): ZendeskClient {
  const baseUrl = zendeskBaseUrl(config);
  const now = config.now ?? Date.now;
  const secrets = [config.token, Buffer.from(`${config.email}/token:${config.token}`).toString('base64')];
  const tracker = requestTracker({
    service: 'Zendesk',
    timeoutMs: config.timeoutMs,
    now,
    secrets,
    ...(config.maxResponseBytes === undefined ? {} : { maxResponseBytes: config.maxResponseBytes }),
  });

  function session(signal?: AbortSignal): ZendeskSession {
    const { context, requests } = tracker.session(signal);
    // The body our transport parsed for the call in progress: node-zendesk post-processes bodies (side-load
    // mapping) and crashes on a `null` record; we never use its result, so its crash must not cost us the body.
    let received: JsonResponse | null = null;
    const client = zendesk.createClient({
      username: config.email,
      token: config.token,
      endpointUri: baseUrl,
      // Our transport throws SourceError; without this node-zendesk would rewrap it in a plain Error.
      throwOriginalException: true,
      transportConfig: {
        transportFn: async (
          uri: string,
          options: { method?: string; headers?: Record<string, string>; body?: string },
        ) => {
          // Only what fetch needs: node-zendesk's options also hold the token, which must go nowhere else.
          const response = await requestJson(
            uri,
            { method: options.method ?? 'GET', headers: options.headers, body: options.body },
            context,
          );
          received = response;
          return response;
        },
        responseAdapter: (response: JsonResponse) => ({
          status: response.status,
          statusText: '',
          // The transport already consumed Retry-After and rejected non-JSON: node-zendesk sees JSON, always.
          headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? 'application/json' : null) },
          json: async () => response.body,
          rawBody: response.body,
        }),
      },
    } as Parameters<typeof zendesk.createClient>[0]);
    const tickets = client.tickets;
    tickets.setSideLoad(['slas', 'users', 'organizations']);

    async function body(call: () => Promise<unknown>, what: string): Promise<Record<string, unknown>> {
      let raw: unknown;
      received = null;
      try {
        raw = ((await call()) as { response: { rawBody: unknown } }).response.rawBody;
      } catch (error) {
        if (error instanceof SourceError) throw error;
        // node-zendesk choked on a body we already hold (a `null` where it maps side-loads): the records are
        // checked one by one downstream, so a bad one is a problem there, not a failed read or a settings error.
        if (received !== null) raw = (received as JsonResponse).body;
        // node-zendesk's own errors before sending (missing credentials, a URL it cannot build): a plain Error
        // must not escape, and its message is not ours to vouch for, so only its kind is kept.
        else throw new SourceError({ kind: 'not_configured', detail: `Zendesk client refused to send ${what}` });
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new SourceError({ kind: 'bad_response', detail: `Zendesk sent ${what} that is not an object` });
      }
      return raw as Record<string, unknown>;
    }

    function list(raw: Record<string, unknown>, key: string, what: string): unknown[] {
      const value = raw[key];
      if (!Array.isArray(value)) {
        throw new SourceError({ kind: 'bad_response', detail: `Zendesk sent ${what} without a "${key}" list` });
      }
      return value;
    }

    /** Follows every page of a listing, by cursor or offset, through our validated `next` links. */
    async function allPages(
      resource: { get(path: unknown): Promise<unknown> },
      key: string,
      what: string,
    ): Promise<unknown[]> {
      const items: unknown[] = [];
      let next: string | null = null;
      for (let page = 0; page < MAX_LISTING_PAGES; page++) {
        const raw = await body(() => resource.get(next ?? [key, { page: { size: 100 } }]), `a ${what} page`);
        items.push(...list(raw, key, `a ${what} page`));
        next = nextPage(raw as RawTicketPage, baseUrl);
        if (next === null) return items;
      }
      throw tooManyPages(what);
    }

    return {
      async viewTicketsPage(viewId, next, pageSize) {
        const what = `a page of view ${viewId}`;
        const raw = await body(
          () => client.views.get(next ?? ['views', String(viewId), 'tickets', { page: { size: pageSize } }]),
          what,
        );
        return { tickets: list(raw, 'tickets', what), next: nextPage(raw as RawTicketPage, baseUrl) };
      },
      async showManyTickets(ids) {
        const raw = await body(() => tickets.showMany(ids), 'tickets/show_many');
        list(raw, 'tickets', 'tickets/show_many');
        return raw as RawShowManyTickets;
      },
      async showManyUsers(ids) {
        const raw = await body(() => client.users.showMany(ids), 'users/show_many');
        return list(raw, 'users', 'users/show_many');
      },
      async showManyOrganizations(ids) {
        // organizations.showMany pages through getAll, which follows any "next" blindly; one batch is one page.
        const what = 'organizations/show_many';
        const raw = await body(
          () => client.organizations.get(['organizations', 'show_many', { ids: ids.join(',') }]),
          what,
        );
        return list(raw, 'organizations', what);
      },
      async me() {
        const raw = await body(() => client.users.me(), 'users/me');
        const user = raw.user;
        if (typeof user !== 'object' || user === null) {
          throw new SourceError({ kind: 'bad_response', detail: 'Zendesk sent users/me without a user' });
        }
        return user as Record<string, unknown>;
      },
      async views() {
        return (await allPages(client.views, 'views', 'views')) as RawView[];
      },
      async organizationFields() {
        const fields = await allPages(client.organizationfields, 'organization_fields', 'organization fields');
        return fields as RawOrganizationField[];
      },
      requests,
    };
  }

  return { baseUrl, session, rateLimit: tracker.rateLimit };
}

/**
 * Where the next page is: `links.next` (cursor) or `next_page` (offset) when it points inside our API base, so a
 * hostile or misconfigured server cannot make us send credentials elsewhere. `meta.has_more === false` ends it.
 */
export function nextPage(raw: RawTicketPage, baseUrl: string): string | null {
  if (raw.meta && raw.meta.has_more === false) return null;
  const candidates = [raw.links?.next, raw.next_page];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string' || candidate === '') continue;
    if (candidate.startsWith(`${baseUrl}/`)) return candidate;
    throw new SourceError({
      kind: 'bad_response',
      detail: 'Zendesk pointed the next page outside the configured API address',
    });
  }
  if (raw.meta?.has_more === true) {
    throw new SourceError({ kind: 'bad_response', detail: 'Zendesk said there are more pages but gave no link' });
  }
  return null;
}

function tooManyPages(what: string): SourceError {
  return new SourceError({
    kind: 'bad_response',
    detail: `Zendesk kept paging ${what} past ${MAX_LISTING_PAGES} pages`,
  });
}
