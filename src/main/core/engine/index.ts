/** The engine and its per-source poll loops. */
export { Engine, type EngineAlerts, type EngineOptions, type EngineSources, EVALUATE_INTERVAL_MS } from './engine';
export {
  MAX_BACKOFF_MS,
  POLL_TIMEOUT_FACTOR,
  type PolledSource,
  RATE_LIMIT_PAUSE_MS,
  RATE_LIMIT_RESERVE,
  SETUP_RETRY_MS,
  SourceLoop,
} from './source-loop';
