/**
 * What the engine asks of each remote service, independent of HTTP and of the client libraries.
 * `zendesk/` and `pagerduty/` implement these over the real APIs (and so over the sandbox).
 */
import type {
  DataProblem,
  OnCallEntry,
  PagerDutySchedule,
  PagerDutyUser,
  SourceFailure,
  Ticket,
} from '../../shared/domain';

/**
 * A failed remote call, typed. Clients throw only this; `failure` is safe to show and to log
 * (it never carries a token or an Authorization header).
 */
export class SourceError extends Error {
  constructor(readonly failure: SourceFailure) {
    super(failure.detail);
    this.name = 'SourceError';
  }
}

/**
 * One read of the team's queue. A failed page is a SourceError, never a result; a view cut at its page cap is a
 * result with `truncated` set (and a problem naming the view).
 */
export interface ZendeskQueueResult {
  tickets: Ticket[];
  problems: DataProblem[];
  /** HTTP requests this read took (for the request budget and the benchmarks). */
  requests: number;
  /** A view reached its page cap: the tickets are what was read, the rest of the list is missing. Absent = false. */
  truncated?: boolean;
}

export interface PagerDutyTurnsResult {
  me: PagerDutyUser;
  /** The user's on-call entries on the selected schedules, from now to the horizon. */
  myEntries: OnCallEntry[];
  /** Everyone on call right now on the selected schedules. */
  onCallNow: OnCallEntry[];
  /**
   * Other people's entries on the selected schedules that start after now, to the horizon: who takes over when
   * the user's turn ends. Empty when no schedule is selected (the read then asks for the user's entries only).
   */
  upcomingOthers: OnCallEntry[];
  /** Names and links of the selected schedules, for the header even when nobody is on call. */
  schedules: PagerDutySchedule[];
  problems: DataProblem[];
  requests: number;
  /** The on-call listing reached its page cap: the entries are what was read. Absent = false. */
  truncated?: boolean;
}

export interface ZendeskSource {
  /** Reads every page of the configured views with SLAs, requesters and organizations side-loaded. */
  fetchQueue(signal?: AbortSignal): Promise<ZendeskQueueResult>;
}

export interface PagerDutySource {
  /** Reads the user and their on-call entries from `nowMs` to the horizon. */
  fetchTurns(nowMs: number, signal?: AbortSignal): Promise<PagerDutyTurnsResult>;
}
