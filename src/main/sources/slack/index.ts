/**
 * The Slack source: requests where Customer Success tagged the user (or their team) in the dedicated channels.
 *
 * Each poll reads every channel's `conversations.history` over a window that starts at the newest message
 * already seen (or earlier, to keep recent thread parents and open requests in view), and the
 * `conversations.replies` of threads whose `latest_reply` moved, because a mention inside a thread never appears
 * in history. Identity, channel names, the Customer Success group and people's names are cached, so a poll with
 * nothing new costs one history call per channel. Reads stay incremental across restarts through a cursor state
 * the caller persists; this module never mutates the state it is given.
 */

import { createHash } from 'node:crypto';
import type { SourceFailure } from '../../../shared/domain';
import { SLACK_CHANNEL_ID, SLACK_USERGROUP_ID } from '../../../shared/slack-ids';
import { SourceError } from '../source';
import { type CallSubject, createSlackClient, type SlackSession, slackApiUrl } from './client';
import {
  compareTs,
  detectMentions,
  type HumanMessage,
  humanMessage,
  implausibleTs,
  isSlackTs,
  type MentionTargets,
  msToTs,
  reactedDone,
  renderPreview,
  sanitize,
  threadInfo,
  tsToIso,
  tsToMs,
} from './transform';
import {
  emptySlackCursorState,
  type RawAuthTest,
  type RawConversation,
  type RawMessagePage,
  type RawUser,
  type RawUsergroup,
  type SlackChannelCursor,
  type SlackCursorState,
  type SlackIdentity,
  type SlackRequest,
} from './types';

export { createSlackClient, slackApiUrl } from './client';
export { renderPreview } from './transform';
export type { SlackCursorState, SlackIdentity, SlackRequest } from './types';
export { emptySlackCursorState } from './types';

/**
 * `internal`: an app built in the user's own workspace, or from the Marketplace: Tier 3 on history and replies.
 * `limited`: an app distributed outside the Marketplace: since 2025, 1 history and 1 replies call a minute per
 * workspace, 15 messages a page.
 */
export type SlackRateTier = 'internal' | 'limited';

/** How a rate tier shapes a poll. */
export interface SlackPollPolicy {
  /** `limit` sent to history and replies. */
  pageSize: number;
  /** The engine should not poll Slack more often than this. */
  minPollIntervalMs: number;
  /** History calls one poll may make (channels beyond it wait for the next poll, round robin). */
  historyCallsPerPoll: number;
  /** Replies calls one poll may make (changed threads beyond it wait for the next poll, oldest first). */
  repliesCallsPerPoll: number;
  /** Minimum time between two calls of the same method, kept across polls and restarts. */
  methodSpacingMs: number;
  /** Pages one read of a channel or thread may follow before it leaves the rest for the next poll. */
  maxPagesPerRead: number;
  /** Whether permalinks are asked of `chat.getPermalink` (one call per new request) or built locally. */
  permalinkCalls: boolean;
}

/** The page size, poll interval and call budget for a rate tier. */
export function slackPollPolicy(tier: SlackRateTier): SlackPollPolicy {
  if (tier === 'limited') {
    return {
      pageSize: 15,
      minPollIntervalMs: 60_000,
      historyCallsPerPoll: 1,
      repliesCallsPerPoll: 1,
      methodSpacingMs: 60_000,
      maxPagesPerRead: 1,
      permalinkCalls: false,
    };
  }
  // Tier 3 is "50+ a minute" per method: 3 channels and a few threads every 30 s stay far below it.
  return {
    pageSize: 200,
    minPollIntervalMs: 30_000,
    historyCallsPerPoll: Number.POSITIVE_INFINITY,
    repliesCallsPerPoll: 40,
    methodSpacingMs: 0,
    maxPagesPerRead: 5,
    permalinkCalls: true,
  };
}

/** The settings the Slack source reads (the wiring step maps the app's settings onto this). */
export interface SlackSourceOptions {
  /** The dedicated channels (`C…`/`G…` ids). */
  channelIds: string[];
  /** Who counts as Customer Success: members of this user group (`S…`), or anyone in the channel when null. */
  csUserGroupId: string | null;
  /** The user's team user group (`S…`): a mention of it tags the user too. Null: only personal mentions. */
  myGroupId: string | null;
  /** Count `@here`/`@channel`/`@everyone` as tagging the user. Off by default. */
  includeBroadcasts?: boolean;
  /** Reaction (name without colons) that marks a request done. Default `white_check_mark`. */
  doneEmoji?: string;
  /** How far back the first poll reads, in days. Default 7. */
  lookBackDays?: number;
  /** How long a thread parent's replies are followed, in hours. Default 24; open requests are always followed. */
  threadWatchHours?: number;
  rateTier?: SlackRateTier;
  /** `auto`: `chat.getPermalink` when the tier can afford it, else built from the workspace URL. */
  permalinks?: 'auto' | 'api' | 'build';
  /** Overrides the API base (the sandbox). */
  apiUrl?: string | null;
  timeoutMs?: number;
  /** Responses above this many bytes are refused (default 8 MiB). */
  maxBodyBytes?: number;
  /**
   * The workspace the token was saved for (`auth.test`'s `team_id` then). When set, a token that now acts in
   * another workspace makes every poll fail as `auth_rejected` before any channel is read.
   */
  teamId?: string | null;
  /** That workspace's URL, to name it in the failure. */
  workspaceUrl?: string | null;
}

/** A channel the token can see, for the settings' channel picker. */
export interface SlackChannelOption {
  id: string;
  name: string;
  isPrivate: boolean;
  /** The token's user (or bot) is a member: a bot token can read only these. */
  isMember: boolean;
}

/** Pages of 200 `conversations.list` follows for the picker: 2,000 channels, then the list says it was cut. */
export const MAX_CHANNEL_PAGES = 10;
const CHANNEL_PAGE_SIZE = 200;
/** User groups kept for the picker (`usergroups.list` is not paged). */
export const MAX_USERGROUPS = 1000;

export interface SlackSourceDeps {
  now?: () => number;
}

export interface SlackProblem {
  /** What it is about: `#channel`, `thread 1712…`, `user U…`. */
  record: string | null;
  message: string;
}

export interface SlackFetchInput {
  /** Request ids the user dismissed in the app: never returned as open. */
  dismissed?: ReadonlySet<string>;
  signal?: AbortSignal;
}

export interface SlackFetchResult {
  /** The state to persist and pass to the next poll. */
  state: SlackCursorState;
  /** Requests still waiting for the user (not done, not dismissed), oldest first. */
  open: SlackRequest[];
  /** Every request tracked, done ones included, oldest first. */
  all: SlackRequest[];
  identity: SlackIdentity;
  problems: SlackProblem[];
  /** HTTP requests this poll made (for the request budget and the benchmarks). */
  requests: number;
  /** Work the call budget left for later polls (`limited` tier, or very busy channels). */
  deferred: { channels: number; threads: number };
}

export interface SlackSource {
  /** One poll; rejects only with SourceError, and then the state passed in is still the one to keep. */
  fetchRequests(state: SlackCursorState | null | undefined, input?: SlackFetchInput): Promise<SlackFetchResult>;
  /** Who the token acts as and in which workspace ("Test connection"); not cached. */
  testConnection(signal?: AbortSignal): Promise<SlackIdentity>;
  /** The workspace's user groups, for the settings pickers (enabled ones, by name, at most MAX_USERGROUPS). */
  listUsergroups(signal?: AbortSignal): Promise<{ id: string; handle: string; name: string }[]>;
  /**
   * The public and private channels the token can see, archived ones left out, by name; `truncated` when more
   * than MAX_CHANNEL_PAGES pages exist.
   */
  listChannels(signal?: AbortSignal): Promise<{ channels: SlackChannelOption[]; truncated: boolean }>;
  readonly policy: SlackPollPolicy;
  /**
   * Which account this source reads with: a digest of its token and API address, never the token itself. Sources
   * with the same `account` act as the same user in the same workspace, so data one read still describes the other.
   */
  readonly account: string;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The Customer Success group's members are read again after this long. */
const MEMBERS_TTL_MS = HOUR_MS;

/** Creates the Slack source. No request is made until a poll. */
export function createSlackSource(options: SlackSourceOptions, token: string, deps: SlackSourceDeps = {}): SlackSource {
  const now = deps.now ?? Date.now;
  const policy = slackPollPolicy(options.rateTier ?? 'internal');
  const client = createSlackClient({
    token,
    apiUrl: options.apiUrl,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxBodyBytes: options.maxBodyBytes,
    now,
  });
  const channelIds = [...new Set(options.channelIds)];
  const doneEmoji = (options.doneEmoji ?? 'white_check_mark').replace(/^:|:$/g, '') || 'white_check_mark';
  const lookBackMs = Math.max(1, options.lookBackDays ?? 7) * DAY_MS;
  const threadWatchMs = Math.max(0, options.threadWatchHours ?? 24) * HOUR_MS;
  const permalinkCalls = options.permalinks === 'api' || (options.permalinks !== 'build' && policy.permalinkCalls);

  let identity: SlackIdentity | null = null;
  let csMembers: { ids: Set<string>; readAt: number } | null = null;
  const channelNames = new Map<string, string>();
  const userNames = new Map<string, string>();

  async function whoAmI(session: SlackSession): Promise<SlackIdentity> {
    if (!token) throw new SourceError({ kind: 'not_configured', detail: 'Slack needs a token' });
    const body = (await session.call('auth.test')) as RawAuthTest;
    const parsed = parseIdentity(body);
    if (!parsed) throw new SourceError({ kind: 'bad_response', detail: 'Slack sent auth.test without a user id' });
    return parsed;
  }

  async function customerSuccess(session: SlackSession): Promise<Set<string> | null> {
    if (!options.csUserGroupId) return null;
    if (csMembers && now() - csMembers.readAt < MEMBERS_TTL_MS) return csMembers.ids;
    const body = await session.call('usergroups.users.list', { usergroup: options.csUserGroupId });
    if (!Array.isArray(body.users)) {
      throw new SourceError({ kind: 'bad_response', detail: 'Slack sent usergroups.users.list without users' });
    }
    csMembers = { ids: new Set(body.users.filter((id): id is string => typeof id === 'string')), readAt: now() };
    return csMembers.ids;
  }

  async function channelName(session: SlackSession, channelId: string, problems: SlackProblem[]): Promise<string> {
    const known = channelNames.get(channelId);
    if (known) return known;
    try {
      const body = await session.call('conversations.info', { channel: channelId }, { channel: channelId });
      const raw = body.channel as { name?: unknown } | undefined;
      const name = typeof raw?.name === 'string' ? sanitize(raw.name).slice(0, 80) : '';
      if (name) {
        channelNames.set(channelId, name);
        return name;
      }
    } catch (error) {
      // The name is a nicety (channels:read may be missing); history, next, reports what really matters.
      if (!(error instanceof SourceError) || !isLookupFailure(error)) throw error;
      problems.push({ record: channelId, message: `channel name not readable: ${error.failure.detail}` });
    }
    channelNames.set(channelId, channelId);
    return channelId;
  }

  async function userName(session: SlackSession, userId: string, problems: SlackProblem[]): Promise<string> {
    const known = userNames.get(userId);
    if (known) return known;
    let name = userId;
    try {
      const body = await session.call('users.info', { user: userId });
      name = displayName(body.user as RawUser | undefined) ?? userId;
    } catch (error) {
      if (!(error instanceof SourceError) || !isLookupFailure(error)) throw error;
      problems.push({ record: `user ${userId}`, message: `name not readable: ${error.failure.detail}` });
    }
    userNames.set(userId, name);
    return name;
  }

  async function fetchRequests(
    previous: SlackCursorState | null | undefined,
    input: SlackFetchInput = {},
  ): Promise<SlackFetchResult> {
    const session = client.session(input.signal);
    const state: SlackCursorState = previous?.version === 1 ? structuredClone(previous) : emptySlackCursorState();
    const problems: SlackProblem[] = [];
    const nowMs = now();
    identity ??= await whoAmI(session);
    const wrong = workspaceMismatch(identity, options.teamId ?? null, options.workspaceUrl ?? null);
    // Nothing is read from a workspace the user did not set up: its messages must never become alerts.
    if (wrong) throw new SourceError(wrong);
    const me = identity;
    const cs = await customerSuccess(session);
    const targets: MentionTargets = { meUserId: me.userId, myGroupId: options.myGroupId };
    const isRequest = (message: HumanMessage): boolean => {
      if (message.user === me.userId) return false;
      if (cs && !cs.has(message.user)) return false;
      const mentions = detectMentions(message.text, message.blocks, targets);
      return mentions.me || mentions.myGroup || (options.includeBroadcasts === true && mentions.broadcast);
    };
    const touched = new Map<string, HumanMessage>();
    const record = (channelId: string, message: HumanMessage, threadTs: string, done: SlackRequest['done']) => {
      const id = `${channelId}/${message.ts}`;
      const existing = state.requests[id];
      state.requests[id] = {
        id,
        channelId,
        channelName: channelNames.get(channelId) ?? channelId,
        threadTs,
        ts: message.ts,
        author: existing?.author ?? { id: message.user, name: message.user },
        preview: '',
        postedAt: tsToIso(message.ts),
        permalink: existing?.permalink ?? null,
        mentions: detectMentions(message.text, message.blocks, targets),
        // Once done by a reply, a later read that does not include that reply must not reopen it.
        done: done ?? (existing?.done === 'replied' ? 'replied' : null),
      };
      touched.set(id, message);
    };

    const lookBackStart = nowMs - lookBackMs;
    const openThreads = new Map<string, string[]>();
    for (const request of Object.values(state.requests)) {
      if (request.done !== null || input.dismissed?.has(request.id)) continue;
      openThreads.set(request.channelId, [...(openThreads.get(request.channelId) ?? []), request.threadTs]);
    }
    const selected = selectChannels(state, nowMs);
    let deferredChannels = channelIds.length - selected.length;
    for (const channelId of selected) {
      const label = await channelName(session, channelId, problems);
      const subject: CallSubject = { channel: label === channelId ? channelId : `#${label}` };
      const cursor: SlackChannelCursor = state.channels[channelId] ?? { newestTs: null, backlog: null, threads: {} };
      state.channels[channelId] = cursor;
      const firstRead = cursor.newestTs === null || cursor.backlog !== null;
      const openHere = new Set(openThreads.get(channelId) ?? []);
      const range = cursor.backlog ?? {
        oldest: windowStart(cursor, openThreads.get(channelId) ?? [], nowMs, lookBackStart),
        latest: null,
      };
      const read = await readPages(
        session,
        'conversations.history',
        { channel: channelId, ...range },
        subject,
        problems,
        nowMs,
      );
      state.lastCallAt['conversations.history'] = nowMs;
      cursor.backlog = read.stoppedAt ? { oldest: range.oldest, latest: read.stoppedAt } : null;
      if (read.stoppedAt) problems.push({ record: subject.channel ?? null, message: 'history left for the next poll' });
      for (const raw of read.messages) {
        const ts = isSlackTs((raw as { ts?: unknown }).ts) ? ((raw as { ts: string }).ts as string) : null;
        if (ts && (cursor.newestTs === null || compareTs(ts, cursor.newestTs) > 0)) cursor.newestTs = ts;
        const thread = threadInfo(raw);
        // Threads are followed while their parent is in the watch window (all of them on a channel's first read).
        const followed = thread !== null && (firstRead || tsToMs(thread.ts) >= nowMs - threadWatchMs);
        if (thread && thread.replyCount > 0 && (followed || cursor.threads[thread.ts] || openHere.has(thread.ts))) {
          const known = cursor.threads[thread.ts] ?? { readLatestReply: null, seenLatestReply: null };
          known.seenLatestReply = thread.latestReply ?? known.seenLatestReply ?? thread.ts;
          cursor.threads[thread.ts] = known;
        }
        const message = humanMessage(raw);
        if (!message || !isRequest(message)) continue;
        const isParent = message.threadTs === null || message.threadTs === message.ts;
        const replied = isParent && message.replyUsers.includes(me.userId);
        const reacted = reactedDone(message, me.userId, doneEmoji);
        record(channelId, message, message.threadTs ?? message.ts, replied ? 'replied' : reacted ? 'reacted' : null);
      }
      if (cursor.newestTs === null) cursor.newestTs = msToTs(nowMs - lookBackMs);
    }
    if (selected.length === 0) deferredChannels = channelIds.length;

    // Threads whose latest reply moved since they were last read, oldest parent first.
    const changed = Object.entries(state.channels).flatMap(([channelId, cursor]) =>
      Object.entries(cursor.threads)
        .filter(([, thread]) => thread.seenLatestReply !== null && thread.seenLatestReply !== thread.readLatestReply)
        .map(([threadTs]) => ({ channelId, threadTs })),
    );
    changed.sort((a, b) => compareTs(a.threadTs, b.threadTs));
    const budget = repliesBudget(state, nowMs);
    const toRead = changed.slice(0, budget);
    for (const { channelId, threadTs } of toRead) {
      const cursor = state.channels[channelId]!;
      const thread = cursor.threads[threadTs]!;
      const label = channelNames.get(channelId) ?? channelId;
      const subject: CallSubject = { channel: label === channelId ? channelId : `#${label}` };
      const read = await readPages(
        session,
        'conversations.replies',
        { channel: channelId, ts: threadTs, oldest: thread.readLatestReply, latest: null },
        subject,
        problems,
        nowMs,
      );
      state.lastCallAt['conversations.replies'] = nowMs;
      const messages = read.messages.map(humanMessage).filter((item): item is HumanMessage => item !== null);
      const myReplies = messages.filter((item) => item.user === me.userId && item.ts !== threadTs).map((m) => m.ts);
      for (const message of messages) {
        if (message.ts === threadTs || !isRequest(message)) continue;
        const replied = myReplies.some((ts) => compareTs(ts, message.ts) > 0);
        const reacted = reactedDone(message, me.userId, doneEmoji);
        record(channelId, message, threadTs, replied ? 'replied' : reacted ? 'reacted' : null);
      }
      // A reply of mine in this batch answers every earlier request of the thread read in earlier polls too.
      for (const request of Object.values(state.requests)) {
        if (request.channelId !== channelId || request.threadTs !== threadTs || request.done !== null) continue;
        if (myReplies.some((ts) => compareTs(ts, request.ts) > 0)) request.done = 'replied';
      }
      // Replies come oldest first, so a capped read can resume after the last one it saw.
      const lastRead = read.messages
        .map((raw) => (raw as { ts?: unknown }).ts)
        .filter(isSlackTs)
        .reduce<string | null>((max, ts) => (max === null || compareTs(ts, max) > 0 ? ts : max), null);
      thread.readLatestReply = read.stoppedAt ? lastRead : (thread.seenLatestReply ?? lastRead);
    }

    await describeTouched(session, state, touched, problems);
    prune(state, nowMs, input.dismissed);

    const all = Object.values(state.requests).sort((a, b) => compareTs(a.ts, b.ts) || a.id.localeCompare(b.id));
    const dismissed = input.dismissed ?? new Set<string>();
    return {
      state,
      open: all.filter((request) => request.done === null && !dismissed.has(request.id)),
      all,
      identity: me,
      problems,
      requests: session.requests(),
      deferred: { channels: deferredChannels, threads: changed.length - toRead.length },
    };
  }

  /**
   * Where a channel's history read starts: the newest message already seen, moved back to keep recent thread
   * parents (for their `latest_reply`) and open requests (for replies and reactions) in view, never before the
   * look-back window.
   */
  function windowStart(cursor: SlackChannelCursor, openThreads: string[], nowMs: number, lookBackStart: number) {
    const floor = msToTs(lookBackStart);
    if (cursor.newestTs === null) return floor;
    // `oldest` is exclusive: the newest message seen is not read again, an open request's parent is.
    const candidates = [
      cursor.newestTs,
      msToTs(nowMs - threadWatchMs),
      ...openThreads.map((ts) => msToTs(tsToMs(ts) - 1)),
    ];
    const start = candidates.reduce((min, ts) => (compareTs(ts, min) < 0 ? ts : min));
    return compareTs(start, floor) < 0 ? floor : start;
  }

  /** The channels this poll reads: all of them, or in the `limited` tier the next one in turn when allowed. */
  function selectChannels(state: SlackCursorState, nowMs: number): string[] {
    if (channelIds.length === 0) return [];
    if (!Number.isFinite(policy.historyCallsPerPoll)) return channelIds;
    if (!spaced(state, 'conversations.history', nowMs)) return [];
    const count = Math.min(policy.historyCallsPerPoll, channelIds.length);
    const start = state.nextChannel % channelIds.length;
    const chosen: string[] = [];
    for (let index = 0; index < count; index++) chosen.push(channelIds[(start + index) % channelIds.length]!);
    state.nextChannel = (start + count) % channelIds.length;
    return chosen;
  }

  function repliesBudget(state: SlackCursorState, nowMs: number): number {
    return spaced(state, 'conversations.replies', nowMs) ? policy.repliesCallsPerPoll : 0;
  }

  function spaced(state: SlackCursorState, method: string, nowMs: number): boolean {
    const last = state.lastCallAt[method];
    // A clock that went backwards must not block the method for as long as it jumped.
    return last === undefined || last > nowMs || nowMs - last >= policy.methodSpacingMs;
  }

  /**
   * Reads up to `maxPagesPerRead` pages; `stoppedAt` is the last ts seen when more pages remain. A record that is not
   * a message object with a valid `ts`, or whose `ts` no real message can have (see `implausibleTs`), is one
   * problem, and the others are read: such a record never reaches a request, a thread or a read position.
   */
  async function readPages(
    session: SlackSession,
    method: 'conversations.history' | 'conversations.replies',
    args: { channel: string; ts?: string; oldest: string | null; latest: string | null },
    subject: CallSubject,
    problems: SlackProblem[],
    nowMs: number,
  ): Promise<{ messages: unknown[]; stoppedAt: string | null }> {
    const messages: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; ; page++) {
      const body = (await session.call(
        method,
        {
          channel: args.channel,
          ts: args.ts,
          oldest: args.oldest ?? undefined,
          latest: args.latest ?? undefined,
          limit: policy.pageSize,
          cursor,
        },
        subject,
      )) as RawMessagePage;
      if (!Array.isArray(body.messages)) {
        throw new SourceError({ kind: 'bad_response', detail: `Slack sent ${method} without a messages list` });
      }
      const placeable: { ts: string }[] = [];
      for (const raw of body.messages as unknown[]) {
        const problem = recordProblem(raw, nowMs);
        if (problem === null) placeable.push(raw as { ts: string });
        else problems.push({ record: subject.channel ?? args.channel, message: `${method} sent ${problem}` });
      }
      messages.push(...placeable);
      const next = body.response_metadata?.next_cursor;
      const more = typeof next === 'string' && next.length > 0;
      if (!more) return { messages, stoppedAt: null };
      if (page + 1 >= policy.maxPagesPerRead) {
        const edge = placeable.map((raw) => raw.ts).sort(compareTs);
        // History pages run newest first (the gap is below the oldest seen); replies oldest first (above).
        const stoppedAt = method === 'conversations.history' ? (edge[0] ?? null) : (edge.at(-1) ?? null);
        return { messages, stoppedAt };
      }
      cursor = next;
    }
  }

  /** Names, previews and permalinks of the requests seen this poll (names and permalinks are looked up once). */
  async function describeTouched(
    session: SlackSession,
    state: SlackCursorState,
    touched: Map<string, HumanMessage>,
    problems: SlackProblem[],
  ): Promise<void> {
    const me = identity!;
    for (const [id, message] of touched) {
      const request = state.requests[id]!;
      const mentioned = [...message.text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g)].map((match) => match[1] ?? '');
      for (const userId of [message.user, ...mentioned]) {
        if (userId === me.userId) userNames.set(userId, me.userName);
        else await userName(session, userId, problems);
      }
      request.author = { id: message.user, name: userNames.get(message.user) ?? message.user };
      request.preview = renderPreview(message.text, { users: userNames, channels: channelNames });
      request.channelName = channelNames.get(request.channelId) ?? request.channelId;
      if (request.permalink === null) request.permalink = await permalinkFor(session, request, problems);
    }
  }

  async function permalinkFor(session: SlackSession, request: SlackRequest, problems: SlackProblem[]) {
    const built = buildPermalink(identity!.url, request.channelId, request.ts, request.threadTs);
    if (!permalinkCalls) return built;
    try {
      const body = await session.call(
        'chat.getPermalink',
        { channel: request.channelId, message_ts: request.ts },
        { channel: request.channelName },
      );
      const link = typeof body.permalink === 'string' ? body.permalink : null;
      // Only a link on the workspace's own host is kept: it is what the link allow-list will admit.
      if (link && isWorkspaceUrl(link, identity!.url)) return link;
      problems.push({
        record: request.id,
        message: 'Slack sent a permalink off the workspace host; built one instead',
      });
    } catch (error) {
      if (!(error instanceof SourceError) || !isLookupFailure(error)) throw error;
      problems.push({ record: request.id, message: `permalink not readable: ${error.failure.detail}` });
    }
    return built;
  }

  /** Forgets requests that are done or dismissed once their thread is older than every window. */
  function prune(state: SlackCursorState, nowMs: number, dismissed: ReadonlySet<string> | undefined): void {
    const horizon = nowMs - Math.max(lookBackMs, threadWatchMs);
    for (const [id, request] of Object.entries(state.requests)) {
      const closed = request.done !== null || dismissed?.has(id) === true;
      if (closed && tsToMs(request.threadTs) < horizon) delete state.requests[id];
    }
    const watchStart = nowMs - Math.max(threadWatchMs, 0);
    for (const [channelId, cursor] of Object.entries(state.channels)) {
      if (!channelIds.includes(channelId)) {
        delete state.channels[channelId];
        continue;
      }
      const open = new Set(
        Object.values(state.requests)
          .filter((request) => request.channelId === channelId && request.done === null)
          .map((request) => request.threadTs),
      );
      for (const [threadTs, thread] of Object.entries(cursor.threads)) {
        const settled = thread.seenLatestReply === thread.readLatestReply;
        if (settled && !open.has(threadTs) && tsToMs(threadTs) < watchStart) delete cursor.threads[threadTs];
      }
    }
    for (const id of Object.keys(state.requests)) {
      if (!channelIds.includes(state.requests[id]!.channelId)) delete state.requests[id];
    }
  }

  return {
    fetchRequests,
    policy,
    account: accountDigest(token, slackApiUrl(options.apiUrl)),
    async testConnection(signal) {
      const fresh = await whoAmI(client.session(signal));
      identity = fresh;
      return fresh;
    },
    async listUsergroups(signal) {
      const body = await client.session(signal).call('usergroups.list');
      if (!Array.isArray(body.usergroups)) {
        throw new SourceError({ kind: 'bad_response', detail: 'Slack sent usergroups.list without usergroups' });
      }
      return (body.usergroups as RawUsergroup[])
        .flatMap((group) =>
          typeof group?.id === 'string' && SLACK_USERGROUP_ID.test(group.id)
            ? [
                {
                  id: group.id,
                  handle: typeof group.handle === 'string' ? sanitize(group.handle).slice(0, 80) : '',
                  name: typeof group.name === 'string' ? sanitize(group.name).slice(0, 80) || group.id : group.id,
                },
              ]
            : [],
        )
        .slice(0, MAX_USERGROUPS)
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async listChannels(signal) {
      const session = client.session(signal);
      const channels: SlackChannelOption[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_CHANNEL_PAGES; page++) {
        const body = await session.call('conversations.list', {
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: CHANNEL_PAGE_SIZE,
          cursor,
        });
        if (!Array.isArray(body.channels)) {
          throw new SourceError({ kind: 'bad_response', detail: 'Slack sent conversations.list without channels' });
        }
        for (const raw of body.channels as RawConversation[]) {
          const option = channelOption(raw);
          if (option && !channels.some((known) => known.id === option.id)) channels.push(option);
        }
        const next = (body.response_metadata as { next_cursor?: unknown } | undefined)?.next_cursor;
        if (typeof next !== 'string' || next.length === 0) {
          return { channels: channels.sort(byName), truncated: false };
        }
        cursor = next;
      }
      return { channels: channels.sort(byName), truncated: true };
    },
  };
}

function channelOption(raw: RawConversation): SlackChannelOption | null {
  if (typeof raw?.id !== 'string' || !SLACK_CHANNEL_ID.test(raw.id)) return null;
  if (raw.is_archived === true) return null;
  const name = typeof raw.name === 'string' ? sanitize(raw.name).slice(0, 80) : '';
  return { id: raw.id, name: name || raw.id, isPrivate: raw.is_private === true, isMember: raw.is_member === true };
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name.localeCompare(b.name);
}

/**
 * The failure of a token that acts in another workspace than the one it was saved for (`boundTeamId`), or null
 * when it is the same one or none was recorded. Named for people: which workspace the token is in, which it was
 * saved for, and what to do.
 */
export function workspaceMismatch(
  identity: SlackIdentity,
  boundTeamId: string | null,
  boundUrl: string | null,
): SourceFailure | null {
  if (boundTeamId === null || identity.teamId === boundTeamId) return null;
  const actual = `${identity.teamName || identity.teamId} (${hostOf(identity.url) ?? identity.teamId})`;
  const saved = (boundUrl ? hostOf(boundUrl) : null) ?? boundTeamId;
  return {
    kind: 'auth_rejected',
    status: 200,
    detail: `this token belongs to workspace ${actual}, saved for ${saved}; save it again (wrong_workspace)`,
  };
}

/** A digest that tells tokens (and the servers they are sent to) apart without keeping or revealing them. */
function accountDigest(token: string, apiUrl: string): string {
  return createHash('sha256').update(`${apiUrl}\n${token}`).digest('hex').slice(0, 32);
}

/** The host of `url` ("globex.slack.com"), to name a workspace by; null when it is no URL. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

/** A message record the poll can place: an object with a valid `ts`. */
function isMessageRecord(raw: unknown): raw is { ts: string } {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && isSlackTs((raw as { ts?: unknown }).ts);
}

/** Why the poll cannot place a record ("a message without a valid ts; skipped"), or null when it can. */
function recordProblem(raw: unknown, nowMs: number): string | null {
  if (!isMessageRecord(raw)) return badRecord(raw);
  const implausible = implausibleTs(raw.ts, nowMs);
  // The ts is digits and one dot (isSlackTs), safe to quote.
  return implausible === null ? null : `a message whose ts (${raw.ts}) is ${implausible}; skipped`;
}

function badRecord(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return `a message that is not an object (${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}); skipped`;
  }
  return 'a message without a valid ts; skipped';
}

/** Failures of a lookup that should not fail a poll: the lookup's target or scope, not the connection. */
function isLookupFailure(error: SourceError): boolean {
  const { failure } = error;
  if (failure.kind === 'not_configured' || failure.kind === 'bad_response') return true;
  return failure.kind === 'auth_rejected' && failure.detail.includes('missing_scope');
}

function parseIdentity(body: RawAuthTest): SlackIdentity | null {
  if (typeof body.user_id !== 'string' || !/^[UW][A-Z0-9]+$/.test(body.user_id)) return null;
  const url = typeof body.url === 'string' && isHttpsUrl(body.url) ? body.url : '';
  return {
    userId: body.user_id,
    userName: typeof body.user === 'string' ? sanitize(body.user) : body.user_id,
    teamId: typeof body.team_id === 'string' ? body.team_id : '',
    teamName: typeof body.team === 'string' ? sanitize(body.team) : '',
    url,
    botId: typeof body.bot_id === 'string' ? body.bot_id : null,
  };
}

function displayName(user: RawUser | undefined): string | null {
  if (!user || typeof user !== 'object') return null;
  for (const candidate of [user.profile?.display_name, user.profile?.real_name, user.real_name, user.name]) {
    if (typeof candidate === 'string') {
      const clean = sanitize(candidate).slice(0, 80);
      if (clean) return clean;
    }
  }
  return null;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A message's permalink built from the workspace URL (`auth.test`'s `url`), in the form `chat.getPermalink`
 * returns: `https://<host>/archives/<channel>/p<ts without the dot>`, plus `thread_ts` and `cid` for a reply.
 * Null when the workspace URL is unknown or not https.
 */
export function buildPermalink(workspaceUrl: string, channelId: string, ts: string, threadTs?: string): string | null {
  if (!isHttpsUrl(workspaceUrl) || !/^[CGD][A-Z0-9]+$/.test(channelId) || !isSlackTs(ts)) return null;
  const [seconds, micros = ''] = ts.split('.');
  const url = new URL(`/archives/${channelId}/p${seconds}${micros.padEnd(6, '0').slice(0, 6)}`, workspaceUrl);
  if (threadTs && threadTs !== ts && isSlackTs(threadTs)) {
    url.searchParams.set('thread_ts', threadTs);
    url.searchParams.set('cid', channelId);
  }
  return url.href;
}

/**
 * True when `url` is an https address on the workspace's own host (from `auth.test`'s `url`): what the link
 * allow-list should admit for Slack.
 */
export function isWorkspaceUrl(url: string, workspaceUrl: string): boolean {
  try {
    const candidate = new URL(url);
    const workspace = new URL(workspaceUrl);
    return (
      candidate.protocol === 'https:' &&
      workspace.protocol === 'https:' &&
      candidate.hostname.toLowerCase() === workspace.hostname.toLowerCase() &&
      candidate.port === workspace.port &&
      candidate.username === '' &&
      candidate.password === ''
    );
  } catch {
    return false;
  }
}
