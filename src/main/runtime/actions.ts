/**
 * The actions service: every face (window, tray, CLI) asks it for a named action on a ticket id; it plans the
 * change from the current snapshot, says it in words with the exact requests (the dry run), sends it on
 * confirmation through the write clients, records the action log, and re-polls so the row shows the server's
 * truth. Main builds every request and URL here; faces only name an action. Plain Node: no `electron` here.
 */
import type { Ticket } from '../../shared/domain';
import {
  type ActionName,
  type ActionParams,
  type ActionPlan,
  isRefusal,
  type OrgLookupPlan,
  type PlannedRequest,
  planAction,
  planOrgLookup,
  type SettableStatus,
} from '../core/actions/catalog';
import { followUpSteps, type IssueFormKind, issueFormUrl } from '../core/actions/github-forms';
import type { ActionLogRecord, ActionResultKind } from '../core/actions/log';
import {
  type FilledPlaybook,
  fillPlaybook,
  matchPlaybooks,
  normalizePlaybookRules,
  type PlaybookId,
  type PlaybookMatch,
  playbookMenu,
  playbookText,
} from '../core/actions/playbooks';
import { zendeskBaseUrl } from '../sources/zendesk/client';
import { createZendeskWriteClient, type ZendeskWriteClient } from '../sources/zendesk/write-client';
import {
  createSwapService,
  type OverridesListing,
  type SwapInput,
  type SwapOptions,
  type SwapPreview,
  type SwapRunResult,
  type SwapServiceOptions,
} from './swaps';

export type { SwapInput, SwapPreview } from './swaps';

/** The ticket actions that write to Zendesk. */
export type WriteActionRequest =
  | { action: 'status'; ticketId: number; params: { status: SettableStatus; note?: string } }
  | { action: 'replied_on_website'; ticketId: number; params: { status?: 'pending' | 'solved'; questionUrl?: string } }
  | { action: 'assign_org'; ticketId: number; params: { organizationId?: number; name?: string } }
  | { action: 'assign_to_me'; ticketId: number; params?: Record<string, never> };

/** One request as the dry run shows it: method, absolute URL, JSON body (`null` for reads). */
export interface RequestSummary {
  method: string;
  url: string;
  body: unknown;
}

/** What a write would do, before anything is sent. */
export type ActionPreview =
  | { kind: 'confirm'; confirmation: string; requests: RequestSummary[]; lookup: RequestSummary | null }
  | {
      kind: 'choose_org';
      message: string;
      lookup: RequestSummary;
      candidates: { id: number; name: string }[];
    }
  | { kind: 'refused'; message: string; result: ActionResultKind };

/** How a confirmed write ended. `permission` names what a 403 lacked. */
export interface ActionRunResult {
  result: ActionResultKind;
  message: string;
  permission: string | null;
  requests: number;
}

/** What the ticket actions need beyond the swap service's options: Zendesk's credentials and who "me" is. */
export interface ActionsServiceOptions extends SwapServiceOptions {
  /** Zendesk email + token, or `null` when Zendesk is not connected. */
  zendeskCredentials: () => { email: string; token: string } | null;
  /** `users/me` on Zendesk (id and name); fetched once when not given. */
  zendeskMe?: () => Promise<{ id: number; name: string } | null>;
}

export interface ActionsService {
  /** Plans a write: the confirmation sentence and the exact requests, or why not (sends only the org lookup). */
  plan(request: WriteActionRequest): Promise<ActionPreview>;
  /** Sends a write the user confirmed; re-polls after anything that may have changed the ticket. */
  run(request: WriteActionRequest): Promise<ActionRunResult>;
  /** The prefilled GitHub new-issue URL for PostHog/posthog, and the follow-up steps. */
  issueForm(ticketId: number, kind: IssueFormKind): Promise<{ url: string; followUps: string[] } | { error: string }>;
  /** A playbook filled from the ticket: the guide as data, and as the text to copy. */
  playbook(ticketId: number, id: PlaybookId): Promise<{ text: string; playbook: FilledPlaybook } | { error: string }>;
  /** What to offer on a ticket beyond its flags: "Assign to me" when the settings allow it, matching playbooks. */
  offers(ticketId: number): Promise<{ assignToMe: boolean; playbooks: PlaybookMatch[] }>;
  /** The current (else next) turn's schedules, each with its teammates and days, for the swap picker. */
  swapOptions(): Promise<SwapOptions>;
  /** Plans a swap of the current (else next) turn; the sentence and the requests. */
  planSwap(request: SwapInput): Promise<SwapPreview>;
  /** Creates the override the user confirmed, once (see runtime/swaps.ts); logged. */
  runSwap(request: SwapInput): Promise<SwapRunResult & { overrideIds: string[] }>;
  /** My upcoming overrides on the turn's schedule (or the one named). */
  listOverrides(scheduleId?: string | null): Promise<OverridesListing>;
  /** Removes one of my listed overrides; logged. */
  removeOverride(overrideId: string, scheduleId?: string | null): Promise<SwapRunResult>;
  /** The action log, newest last. */
  entries(): ActionLogRecord[];
}

/** Creates the service; nothing is sent until a face asks. */
export function createActionsService(options: ActionsServiceOptions): ActionsService {
  let writer: { key: string; client: ZendeskWriteClient } | null = null;
  /** The Zendesk user behind the credentials, kept per account: new credentials may be someone else. */
  let me: { key: string; user: { id: number; name: string } } | null = null;
  const swaps = createSwapService(options);
  /** Until when Zendesk's last 429 asked this account to wait (Retry-After, clamped by the client). */
  let zendeskWait: { account: string; untilMs: number } | null = null;
  const accountKey = () => {
    const { zendesk } = options.settings();
    return [zendesk.subdomain, zendesk.baseUrl, options.zendeskCredentials()?.email ?? ''].join('\n');
  };

  /** Which Zendesk account and credentials the writes (and "me") are made with. */
  function credentialsKey(): string | null {
    const credentials = options.zendeskCredentials();
    if (!credentials) return null;
    const { zendesk } = options.settings();
    return [zendesk.subdomain, zendesk.baseUrl, credentials.email, credentials.token].join('\n');
  }

  function writeClient(): ZendeskWriteClient | null {
    const credentials = options.zendeskCredentials();
    const key = credentialsKey();
    if (!credentials || key === null) return null;
    const { zendesk, polling } = options.settings();
    // One client per account: it keeps the in-flight writes (double clicks) and the local update limits.
    if (writer?.key !== key) {
      writer = {
        key,
        client: createZendeskWriteClient({
          subdomain: zendesk.subdomain,
          email: credentials.email,
          token: credentials.token,
          baseUrl: zendesk.baseUrl,
          timeoutMs: polling.timeoutSeconds * 1000,
          now: () => options.clock.now(),
        }),
      };
    }
    return writer.client;
  }

  function absolute(request: PlannedRequest): RequestSummary {
    const base = zendeskBaseUrl(options.settings().zendesk);
    return { method: request.method, url: `${base}${request.path.slice('/api/v2'.length)}`, body: request.body };
  }

  function findTicket(ticketId: number): Ticket | null {
    const entry = options.snapshot()?.queue.find((candidate) => candidate.ticket.id === ticketId);
    return entry?.ticket ?? null;
  }

  async function zendeskMe(): Promise<{ id: number; name: string } | null> {
    const key = credentialsKey() ?? '';
    if (me?.key === key) return me.user;
    const user = options.zendeskMe
      ? await options.zendeskMe()
      : await fetchZendesk<{ user?: { id?: unknown; name?: unknown } }>('users/me').then((body) =>
          typeof body?.user?.id === 'number' ? { id: body.user.id, name: String(body.user.name ?? '') } : null,
        );
    // Kept only for the account it was asked with (the credentials may have changed while it was asked).
    if (user && credentialsKey() === key) me = { key, user };
    return user;
  }

  /** A plain authenticated GET for the little a playbook or issue form needs beyond the snapshot. */
  async function fetchZendesk<T>(path: string): Promise<T | null> {
    const credentials = options.zendeskCredentials();
    if (!credentials) return null;
    const { zendesk, polling } = options.settings();
    const auth = Buffer.from(`${credentials.email}/token:${credentials.token}`).toString('base64');
    try {
      const response = await fetch(`${zendeskBaseUrl(zendesk)}/${path}`, {
        headers: { authorization: `Basic ${auth}`, accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(polling.timeoutSeconds * 1000),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      return (await response.json()) as T;
    } catch {
      return null;
    }
  }

  /**
   * The ticket's first comment (its `description`), which the snapshot does not hold: playbook matching, playbooks
   * and issue forms all need it. The last one read is kept while the ticket's `updated_at` stays the same, so a
   * dialog's offers, then its playbook or issue form, cost one read between them. A failed read is not kept.
   */
  let lastDescription: { ticketId: number; updatedAt: string | null; text: string } | null = null;
  async function ticketDescription(ticket: Ticket): Promise<string> {
    if (lastDescription?.ticketId === ticket.id && lastDescription.updatedAt === ticket.updatedAt) {
      return lastDescription.text;
    }
    const raw = await fetchZendesk<{ ticket?: { description?: unknown } }>(`tickets/${ticket.id}.json`);
    if (!raw) return '';
    const text = typeof raw.ticket?.description === 'string' ? raw.ticket.description : '';
    lastDescription = { ticketId: ticket.id, updatedAt: ticket.updatedAt, text };
    return text;
  }

  type Planned =
    | { kind: 'plan'; plan: ActionPlan; lookup: OrgLookupPlan | null; lookupRequests: number }
    | { kind: 'choose_org'; message: string; lookup: OrgLookupPlan; candidates: { id: number; name: string }[] }
    | { kind: 'refused'; message: string; result: ActionResultKind; requests: number };

  async function makePlan(request: WriteActionRequest): Promise<Planned> {
    const ticket = findTicket(request.ticketId);
    if (!ticket) {
      return {
        kind: 'refused',
        message: `Ticket #${request.ticketId} is not in your queue: actions work on the tickets the app shows.`,
        result: 'refused',
        requests: 0,
      };
    }
    const client = writeClient();
    if (!client) return { kind: 'refused', message: 'Zendesk is not connected.', result: 'refused', requests: 0 };
    const context = {
      meId: request.action === 'assign_to_me' ? ((await zendeskMe())?.id ?? null) : null,
      assignToMeEnabled: options.settings().actions?.assignToMe === true,
    };
    if (request.action !== 'assign_org') {
      const params = (request.params ?? {}) as ActionParams[typeof request.action];
      const plan = planAction(request.action, ticket, params, context);
      if (isRefusal(plan)) return { kind: 'refused', message: plan.message, result: 'refused', requests: 0 };
      return { kind: 'plan', plan, lookup: null, lookupRequests: 0 };
    }
    const lookup = planOrgLookup(ticket, request.params.name);
    if (isRefusal(lookup)) return { kind: 'refused', message: lookup.message, result: 'refused', requests: 0 };
    const found = await client.lookup(lookup);
    if (found.kind !== 'found') {
      return { kind: 'refused', message: found.message, result: found.kind, requests: found.requests };
    }
    const { result } = found;
    const candidates =
      result.kind === 'match' ? [result.organization] : result.kind === 'candidates' ? result.organizations : [];
    const wanted = request.params.organizationId;
    // Only an organization the lookup returned may be chosen: main never sends an id it did not find.
    const chosen =
      wanted === undefined
        ? result.kind === 'match'
          ? result.organization
          : null
        : (candidates.find((org) => org.id === wanted) ?? null);
    if (!chosen) {
      const message =
        candidates.length === 0
          ? `No Zendesk organization starts with "${lookup.name}".`
          : wanted === undefined
            ? `No exact match for "${lookup.name}"; pick one of the candidates.`
            : `Organization ${wanted} is not among the matches for "${lookup.name}"; pick one of the candidates.`;
      return { kind: 'choose_org', message, lookup, candidates };
    }
    const plan = planAction(
      'assign_org',
      ticket,
      { organizationId: chosen.id, organizationName: chosen.name },
      context,
    );
    if (isRefusal(plan)) return { kind: 'refused', message: plan.message, result: 'refused', requests: 1 };
    return { kind: 'plan', plan, lookup, lookupRequests: found.requests };
  }

  function record(action: ActionName, ticketId: number, result: ActionResultKind, summary: string, requests: number) {
    try {
      options.log.record({ at: options.clock.now(), action, ticketId, result, summary, requests });
    } catch {
      // The log is a record, not a gate: a full disk must not turn a done change into a reported failure.
    }
  }

  return {
    async plan(request) {
      const planned = await makePlan(request);
      if (planned.kind === 'refused') return { kind: 'refused', message: planned.message, result: planned.result };
      if (planned.kind === 'choose_org') {
        return {
          kind: 'choose_org',
          message: planned.message,
          lookup: absolute(planned.lookup.request),
          candidates: planned.candidates,
        };
      }
      return {
        kind: 'confirm',
        confirmation: planned.plan.confirmation,
        requests: planned.plan.requests.map(absolute),
        lookup: planned.lookup ? absolute(planned.lookup.request) : null,
      };
    },

    async run(request) {
      const waitMs = zendeskWait?.account === accountKey() ? zendeskWait.untilMs - options.clock.now() : 0;
      if (waitMs > 0) {
        // Honoured here, across faces and clicks: the write client only reports a 429, it does not remember it.
        const message = `Zendesk asked us to wait (429); try again in ${waitWords(waitMs)}. Nothing was sent.`;
        record(request.action, request.ticketId, 'rate_limited', `${request.action} not sent`, 0);
        return { result: 'rate_limited', message, permission: null, requests: 0 };
      }
      const planned = await makePlan(request);
      if (planned.kind !== 'plan') {
        const message = planned.message;
        const requests = planned.kind === 'refused' ? planned.requests : 1;
        const result = planned.kind === 'refused' ? planned.result : 'refused';
        record(request.action, request.ticketId, result, `${request.action} not sent`, requests);
        return { result, message, permission: null, requests };
      }
      const client = writeClient();
      if (!client) return { result: 'refused', message: 'Zendesk is not connected.', permission: null, requests: 0 };
      const outcome = await client.execute(planned.plan);
      if (outcome.kind === 'rate_limited' && !outcome.local) {
        zendeskWait = { account: accountKey(), untilMs: Date.parse(outcome.retryAt) || 0 };
      }
      const requests = outcome.requests + planned.lookupRequests;
      record(request.action, request.ticketId, outcome.kind, planned.plan.summary, requests);
      // Whatever the server holds now (the change, someone else's, or an unknown outcome) is what the row shows.
      if (outcome.kind !== 'rate_limited' && outcome.kind !== 'busy') await options.repoll().catch(() => undefined);
      return {
        result: outcome.kind,
        message: outcome.message,
        permission: outcome.kind === 'forbidden' ? outcome.permission : null,
        requests,
      };
    },

    async issueForm(ticketId, kind) {
      const ticket = findTicket(ticketId);
      if (!ticket) return { error: `Ticket #${ticketId} is not in your queue.` };
      const description = ticket.contentWarning ? '' : await ticketDescription(ticket);
      const tags = ticket.contentWarning ? [...ticket.tags, 'content_warning'] : ticket.tags;
      const url = issueFormUrl(
        kind,
        { id: ticket.id, subject: ticket.subject, description, tags },
        { zendeskSubdomain: options.settings().zendesk.subdomain || undefined },
      );
      return { url, followUps: followUpSteps(kind).map((step) => step.label) };
    },

    async playbook(ticketId, id) {
      if (!playbookMenu().some((entry) => entry.id === id)) return { error: `There is no playbook called "${id}".` };
      const ticket = findTicket(ticketId);
      if (!ticket) return { error: `Ticket #${ticketId} is not in your queue.` };
      const description = await ticketDescription(ticket);
      const agent = (await zendeskMe())?.name ?? '';
      const filled = fillPlaybook(
        id,
        {
          id: ticket.id,
          subject: ticket.subject,
          description,
          tags: ticket.tags,
          requesterName: ticket.requester?.name ?? null,
        },
        agent,
      );
      return { text: playbookText(filled), playbook: filled };
    },

    async offers(ticketId) {
      const settings = options.settings();
      const assignToMe = settings.actions?.assignToMe === true;
      const ticket = findTicket(ticketId);
      if (!ticket) return { assignToMe, playbooks: [] };
      const rules = normalizePlaybookRules(settings.actions?.playbookRules ?? null);
      // One read of the ticket's first comment (kept for the playbook or form chosen next): matching on text is
      // what finds most 2FA and self-hosted asks.
      const description = await ticketDescription(ticket);
      const subject = ticket.contentWarning ? '' : ticket.subject;
      const playbooks = matchPlaybooks(
        { id: ticket.id, subject, description, tags: ticket.tags, requesterName: null },
        rules,
      );
      return { assignToMe, playbooks };
    },

    swapOptions: () => swaps.options(),
    planSwap: (input) => swaps.plan(input),
    runSwap: (input) => swaps.run(input),
    listOverrides: (scheduleId) => swaps.list(scheduleId),
    removeOverride: (overrideId, scheduleId) => swaps.remove(overrideId, scheduleId),

    entries: () => options.log.entries(),
  };
}

/** "90 s", "12 min": as the write client words its waits. */
function waitWords(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
