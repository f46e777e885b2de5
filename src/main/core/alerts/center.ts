/**
 * The AlertCenter: "never twice, never lost". It asks the rules what to do and applies their decisions to the
 * ledger and the notifier. Before an alert is shown it is recorded as `pending` in the durable ledger; after the
 * notifier took it, it is marked `delivered`. A crash in between leaves it `pending`, and `recover()` shows it
 * on the next start if it still matters. Held alerts (quiet hours, pause) become one summary later.
 *
 * A store that cannot be written (a read-only folder, a full disk) must not make a due alert vanish: the decision is
 * kept in memory, so this run shows each alert once, and the alert is shown anyway. Only "once across a restart" is
 * lost; the store's owner tells the user so (the CLI on stderr, the app through a notice).
 */
import type { Alert, NotificationState, Snapshot } from '../../../shared/domain';
import type { PauseRequest } from '../../../shared/ipc';
import type { Settings } from '../../../shared/settings';
import type { Clock, KeyValueStore, Notifier } from '../ports';
import { isQuietHours, nextWorkingDayStart } from './calendar';
import { AlertLedger, type LedgerEntry } from './ledger';
import { type Decision, decideRecovery, evaluate } from './rules';

const HOUR = 60 * 60_000;

export interface AlertCenterOptions {
  store: KeyValueStore;
  notifier: Notifier;
  clock: Clock;
  settings: () => Settings;
  /** The user's IANA zone, for working hours. */
  timeZone: () => string;
}

/**
 * Decides which alerts are due and delivers them exactly once, holding routine ones outside working hours
 * and everything during a pause. All state lives in the KeyValueStore, so a new instance over the same store
 * continues where the last one stopped.
 */
export class AlertCenter {
  private readonly ledger: AlertLedger;

  constructor(private readonly opts: AlertCenterOptions) {
    this.ledger = new AlertLedger(opts.store);
  }

  /** Evaluates the rules against `snapshot` and returns the alerts delivered now (including summaries). */
  process(snapshot: Snapshot): Alert[] {
    const nowMs = this.opts.clock.now();
    const delivered: Alert[] = [];
    try {
      const { decisions, episodes } = evaluate({
        snapshot,
        entries: this.ledger.entries,
        episodes: this.ledger.episodes,
        pausedUntil: this.ledger.pausedUntil,
        nowMs,
        settings: this.opts.settings(),
        timeZone: this.opts.timeZone(),
      });
      // Before the decisions: a warning recorded as pending is saved together with the episode that counts it.
      this.ledger.updateEpisodes(episodes);
      this.apply(decisions, nowMs, delivered);
      this.ledger.prune(snapshot, nowMs);
      this.save();
    } catch {
      // Bad input never throws out of the core; what was recorded so far stays recorded.
    }
    return delivered;
  }

  /** Once at start: shows alerts recorded as pending (a crash between record and delivery) that still matter. */
  recover(): Alert[] {
    const nowMs = this.opts.clock.now();
    const delivered: Alert[] = [];
    try {
      const decisions = decideRecovery({
        entries: this.ledger.entries,
        pausedUntil: this.ledger.pausedUntil,
        nowMs,
        settings: this.opts.settings(),
        timeZone: this.opts.timeZone(),
      });
      this.apply(decisions, nowMs, delivered);
      this.save();
    } catch {
      // See process().
    }
    return delivered;
  }

  /** Pauses for an hour, until the next working day, or resumes (held alerts then arrive as one summary). */
  pause(request: PauseRequest): NotificationState {
    const now = this.opts.clock.now();
    const settings = this.opts.settings();
    if (request?.for === 'hour') this.ledger.pausedUntil = now + HOUR;
    else if (request?.for === 'tomorrow')
      this.ledger.pausedUntil = nextWorkingDayStart(settings, now, this.opts.timeZone());
    else if (request?.for === 'resume') this.ledger.pausedUntil = null;
    this.save();
    return this.state();
  }

  /** Pause, quiet hours and how many alerts wait for the summary. */
  state(): NotificationState {
    const now = this.opts.clock.now();
    const pausedUntil = this.ledger.pausedUntil;
    return {
      pausedUntil: pausedUntil !== null && this.ledger.isPaused(now) ? new Date(pausedUntil).toISOString() : null,
      quietHours: isQuietHours(this.opts.settings(), now, this.opts.timeZone()),
      held: this.ledger.heldCount(),
    };
  }

  /** A copy of the ledger's entries, for diagnostics and tests. */
  entries(): Record<string, LedgerEntry> {
    return structuredClone(this.ledger.entries) as Record<string, LedgerEntry>;
  }

  /** Applies the rules' decisions in order. */
  private apply(decisions: readonly Decision[], nowMs: number, delivered: Alert[]): void {
    for (const decision of decisions) {
      switch (decision.action) {
        case 'skip':
          if (decision.record) this.ledger.record(decision.id, decision.record, 'skipped', nowMs);
          else this.ledger.mark(decision.id, 'skipped');
          break;
        case 'hold':
          if (decision.record) this.ledger.record(decision.id, decision.record, 'held', nowMs);
          else this.ledger.mark(decision.id, 'held');
          break;
        case 'summarize':
          for (const id of decision.ids) this.ledger.mark(id, 'summarized');
          break;
        case 'deliver':
          if (decision.record) {
            if (!this.ledger.record(decision.id, decision.record, 'pending', nowMs)) break;
            this.save();
          }
          this.deliverRecorded(decision.id, decision.alert, delivered);
          break;
      }
    }
  }

  /** The delivery protocol's second half: the notifier, then durable `delivered`. */
  private deliverRecorded(id: string, alert: Alert, delivered: Alert[]): void {
    try {
      this.opts.notifier.deliver(alert);
    } catch {
      // Left `pending`: recover() retries it on the next start.
      return;
    }
    this.ledger.mark(id, 'delivered');
    this.save();
    delivered.push(alert);
  }

  /**
   * Writes the ledger if it changed. A failed write is not the alert's problem: the decisions stay in memory (and
   * are written with the next save that succeeds), and the store has told its owner, who warns the user.
   */
  private save(): void {
    try {
      this.ledger.save();
    } catch {
      // See the class comment: shown anyway, once in this run.
    }
  }
}
