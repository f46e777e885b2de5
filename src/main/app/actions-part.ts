/**
 * The ticket actions for the Electron face: the actions service over the running runtime, with its log in its own
 * store next to the settings. In demo mode it acts on the sandbox's accounts, so the demo is interactive.
 */
import type { Settings } from '../../shared/settings';
import { createActionLog } from '../core/actions/log';
import type { Clock } from '../core/ports';
import { openKeyValueStore } from '../electron/settings-store';
import { type Runtime, systemTimeZone } from '../runtime';
import { type ActionsService, createActionsService } from '../runtime/actions';
import { SANDBOX_CREDENTIALS } from '../sources/sandbox';

/** Creates the actions service for the app; tokens are read from `secrets` at each use, never kept here. */
export function createAppActions(options: {
  runtime: Runtime;
  secrets: { get(name: 'zendeskToken' | 'pagerdutyToken'): string | null };
  settings: () => Settings;
  userData: string;
  clock: Clock;
  nowMs: number;
}): ActionsService {
  const { runtime } = options;
  const store = openKeyValueStore(options.userData, 'actions', options.nowMs);
  return createActionsService({
    settings: () => runtime.effectiveSettings(),
    zendeskCredentials: () => {
      if (runtime.demo) return { ...SANDBOX_CREDENTIALS.zendesk };
      const token = options.secrets.get('zendeskToken');
      return token ? { email: runtime.effectiveSettings().zendesk.email, token } : null;
    },
    pagerdutyToken: () => (runtime.demo ? SANDBOX_CREDENTIALS.pagerduty.token : options.secrets.get('pagerdutyToken')),
    snapshot: () => runtime.engine.snapshot(),
    repoll: () => runtime.engine.pollNow(),
    log: createActionLog(store),
    store,
    clock: options.clock,
    timeZone: () => options.settings().app.timeZone ?? systemTimeZone(),
  });
}
