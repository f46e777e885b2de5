/**
 * Slack payloads as the Web API sends them, and the app-side shapes the Slack source produces.
 *
 * Raw fields are all optional and `unknown` on purpose: the transform checks each one, so a renamed or missing
 * field becomes a skipped message instead of a crash. The app-side types live here (not in `src/shared`) until
 * the wiring step moves what the snapshot needs; see /work/notes/h7-wiring.md.
 */
import type { SlackRequestInfo, SlackRequestMentions } from '../../../shared/domain';

export interface RawReaction {
  name?: unknown;
  count?: unknown;
  users?: unknown;
}

/** A message from `conversations.history` or `conversations.replies`. */
export interface RawMessage {
  type?: unknown;
  subtype?: unknown;
  hidden?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
  user?: unknown;
  bot_id?: unknown;
  app_id?: unknown;
  text?: unknown;
  blocks?: unknown;
  reply_count?: unknown;
  reply_users?: unknown;
  latest_reply?: unknown;
  parent_user_id?: unknown;
  reactions?: unknown;
  edited?: unknown;
  [key: string]: unknown;
}

/** A page of `conversations.history` or `conversations.replies`. */
export interface RawMessagePage {
  ok?: unknown;
  messages?: unknown;
  has_more?: unknown;
  response_metadata?: { next_cursor?: unknown } | null;
}

export interface RawAuthTest {
  ok?: unknown;
  url?: unknown;
  team?: unknown;
  user?: unknown;
  team_id?: unknown;
  user_id?: unknown;
  bot_id?: unknown;
}

export interface RawUser {
  id?: unknown;
  name?: unknown;
  real_name?: unknown;
  deleted?: unknown;
  is_bot?: unknown;
  profile?: { display_name?: unknown; real_name?: unknown } | null;
}

export interface RawUsergroup {
  id?: unknown;
  handle?: unknown;
  name?: unknown;
  users?: unknown;
}

export interface RawConversation {
  id?: unknown;
  name?: unknown;
  is_private?: unknown;
  is_member?: unknown;
  is_archived?: unknown;
}

/** Who a mention in a message was addressed to, as far as the user is concerned. */
/** Who a request tagged: the user, their team's group, or everyone (`@here`, `@channel`, `@everyone`). */
export type SlackMentions = SlackRequestMentions;

/** `replied`: the user posted in the thread after the request; `reacted`: they added the done emoji to it. */
export type SlackDoneReason = 'replied' | 'reacted';

/**
 * One message in a dedicated channel where Customer Success tagged the user (or their team): what the snapshot
 * shows of it (`SlackRequestInfo`), and whether the user already dealt with it in Slack.
 */
export interface SlackRequest extends SlackRequestInfo {
  done: SlackDoneReason | null;
}

/** Who the token acts as (`auth.test`). */
export interface SlackIdentity {
  userId: string;
  userName: string;
  teamId: string;
  teamName: string;
  /** `https://<workspace>.slack.com/` */
  url: string;
  botId: string | null;
}

/** What the caller persists between polls so that reads stay incremental across restarts. */
export interface SlackCursorState {
  version: 1;
  channels: Record<string, SlackChannelCursor>;
  /** Known requests by id, open or done (done ones are pruned once they leave the watch window). */
  requests: Record<string, SlackRequest>;
  /** Epoch ms of the last call per rate-limited method, so the `limited` tier keeps its spacing across restarts. */
  lastCallAt: Record<string, number>;
  /** Round-robin position among the channels, for the `limited` tier (one history call a minute). */
  nextChannel: number;
}

export interface SlackChannelCursor {
  /** The newest message `ts` read so far; null before the first complete read. */
  newestTs: string | null;
  /**
   * Older messages a capped read left unread: `oldest` < ts < `latest` still has to be read (history is served
   * newest first, so a read that stops early leaves a gap below what it saw).
   */
  backlog: { oldest: string; latest: string } | null;
  /** Threads whose parent is in the watch window, by parent ts. */
  threads: Record<string, SlackThreadCursor>;
}

export interface SlackThreadCursor {
  /** `latest_reply` when the thread was last read in full; null when never read. */
  readLatestReply: string | null;
  /** `latest_reply` as history last showed it. */
  seenLatestReply: string | null;
}

/** An empty cursor state: the first poll reads the look-back window. */
export function emptySlackCursorState(): SlackCursorState {
  return { version: 1, channels: {}, requests: {}, lastCallAt: {}, nextChannel: 0 };
}
