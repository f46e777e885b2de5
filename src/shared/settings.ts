/**
 * The settings' shape, shared by main and renderer. The schema that validates it, the defaults and
 * `migrate()` live in `src/main/core/settings.ts`; secrets (API tokens) are never part of Settings.
 */
import type { TicketPriority, TicketSource, TicketStatus } from './domain';

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
  };
}

/** Names of the secrets the app keeps (encrypted, main only). */
export type SecretName = 'zendeskToken' | 'pagerdutyToken';
