/** Alerts: calendar math, the pure rules, the ledger, and the AlertCenter that applies the rules' decisions. */
export { inWorkingHours, isQuietHours, nextWorkingDayStart, reminderDueAt } from './calendar';
export { AlertCenter, type AlertCenterOptions } from './center';
export { type Candidate, dueAlerts } from './due';
export { advanceEpisode, MAX_SLA_WARNINGS_PER_EPISODE, type SlaEpisode, slaTargetKey } from './episodes';
export { AlertLedger, LEDGER_KEY, type LedgerEntry, type LedgerRecord, type LedgerStatus } from './ledger';
export {
  type Decision,
  type DecisionReason,
  decideAlerts,
  decideRecovery,
  type Evaluation,
  evaluate,
  type FoldedAlerts,
  foldAlerts,
  isUrgent,
  MAX_SEPARATE_ALERTS,
  type RuleInput,
} from './rules';
