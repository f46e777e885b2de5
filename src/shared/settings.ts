/**
 * The settings' shape, shared by main and renderer. The schema that validates it, the defaults and
 * `migrate()` live in `src/main/core/settings.ts`; secrets (API tokens) are never part of Settings.
 */
import type { QueueItemKind, TicketPriority, TicketSource, TicketStatus } from './domain';
import type { PlaybookId } from './playbooks';

/** Conditions of one prioritization tier; every condition given must hold. */
export interface TierCondition {
  statuses?: TicketStatus[];
  priorities?: TicketPriority[];
  /** Ticket carries one of the configured Customer Success tags. */
  customerSuccess?: boolean;
  /** Ticket carries one of the configured escalation tags. */
  escalated?: boolean;
  /** Ticket carries at least one of these tags. */
  tagsAny?: string[];
  /** Earliest active SLA breach is within the "nearing breach" window, or already past. */
  nearingBreach?: boolean;
  sources?: TicketSource[];
  /**
   * What the item is. Absent means `['zendesk_ticket']`: every rule written before Slack keeps meaning tickets.
   * A Slack request matches a rule only through this condition, and only when its other conditions are absent
   * (or `customerSuccess: true`, which every Slack request satisfies).
   */
  kinds?: QueueItemKind[];
}

/** One row of the prioritization rule table. Order in the table is priority order. */
export interface TierRule {
  id: string;
  label: string;
  when: TierCondition;
  /** Counted in the tray badge and listed in the end-of-rotation handover. */
  handover: boolean;
}

export type PagerDutyRegion = 'us' | 'eu';

export interface WorkingHours {
  /** 0 = Sunday ... 6 = Saturday. */
  days: number[];
  /** Local `HH:MM`. */
  start: string;
  end: string;
}

export interface Settings {
  /** Schema version, bumped with each migration. */
  version: number;
  zendesk: {
    subdomain: string;
    email: string;
    /** Team views (the handbook's team lists); the queue is their union. */
    viewIds: number[];
    escalationTags: string[];
    customerSuccessTags: string[];
    /** Organization field keys. */
    orgFields: { plan: string; mrr: string; contentWarning: string };
    /** Overrides the API base (`https://{subdomain}.zendesk.com/api/v2`): a proxy or the sandbox. */
    baseUrl: string | null;
  };
  pagerduty: {
    region: PagerDutyRegion;
    scheduleIds: string[];
    /** Needed with account-level keys, where `/users/me` is refused. */
    userEmail: string | null;
    /** How far ahead to look for turns, in days (at most 90). */
    horizonDays: number;
    /** Overrides the API base (`https://api.pagerduty.com`). */
    baseUrl: string | null;
  };
  priority: {
    /** The "nearing breach" window of the handbook's tier 4, in minutes. */
    nearingBreachMinutes: number;
    /** `null` uses the handbook's five tiers. */
    rules: TierRule[] | null;
  };
  notifications: {
    /** Heads-ups before a turn starts, in minutes (default 1 day and 15 minutes). */
    turnLeadMinutes: number[];
    /** Minutes before the end of a turn to send the handover reminder. */
    turnEndingLeadMinutes: number;
    /** SLA warnings, in minutes before breach (default 180, 120, 60). At most 3 fire per ticket and episode. */
    slaWarningMinutes: number[];
    /** Hold non-urgent alerts outside working hours. */
    quietOutsideWorkingHours: boolean;
    workingHours: WorkingHours;
    sound: boolean;
  };
  slack: {
    /** The dedicated channels (`C…`/`G…` ids). */
    channelIds: string[];
    /** Who counts as Customer Success: this user group (`S…`), or anyone in the channels when null. */
    csUserGroupId: string | null;
    /** The user's team user group: a mention of it tags the user too. */
    myGroupId: string | null;
    /** Count `@here`/`@channel` as tagging the user. */
    includeBroadcasts: boolean;
    /** Reaction (without colons) that marks a request done. */
    doneEmoji: string;
    /** How far back the first read goes, in days. */
    lookBackDays: number;
    /** `internal`: an app made in its own workspace (Tier 3); `limited`: a distributed app (1 call a minute). */
    rateTier: 'internal' | 'limited';
    /** Overrides the API base (`https://slack.com/api/`): the sandbox. */
    apiUrl: string | null;
    /** The workspace the saved token was tested against (`auth.test` team id); null until tested. */
    teamId: string | null;
    /** That workspace's URL (`https://x.slack.com/`): permalinks on its host pass the link allow-list. */
    workspaceUrl: string | null;
  };
  polling: {
    zendeskSeconds: number;
    pagerdutySeconds: number;
    timeoutSeconds: number;
  };
  app: {
    /** IANA zone for human times; `null` follows the system. */
    timeZone: string | null;
    startAtLogin: boolean;
    /** Global shortcut that opens the queue window (Electron accelerator), or `null`. */
    shortcut: string | null;
  };
  /** Ticket actions (issue 13). */
  actions: {
    /** Offer "Assign to me" on tickets; off by default, since the handbook says teams differ. */
    assignToMe: boolean;
    /**
     * When a playbook is offered on a ticket: any of its tags, or any of the words in its subject or text. `null`,
     * a missing playbook or a missing list keeps the handbook's defaults for it.
     */
    playbookRules: Partial<Record<PlaybookKey, { tags?: string[]; keywords?: string[] }>> | null;
  };
}

/** The handbook's playbooks, by key. */
export type PlaybookKey = PlaybookId;

/** Names of the secrets the app keeps (encrypted, main only). */
export type SecretName = 'zendeskToken' | 'pagerdutyToken' | 'slackToken';
