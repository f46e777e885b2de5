/** Builds worlds and snapshots the way the engine does, for tests of everything downstream of the core. */

import { DEFAULT_SETTINGS } from '../../src/main/core/settings';
import { buildSnapshot, emptyHealth, type WorldState } from '../../src/main/core/snapshot';
import type { NotificationState, OnCallEntry, Snapshot, SourceHealth, Ticket } from '../../src/shared/domain';
import type { Settings } from '../../src/shared/settings';
import { T0 } from './factories';

/** Fresh health for a source that answered at `atMs`. */
export function freshHealth(source: 'zendesk' | 'pagerduty', atMs = T0): SourceHealth {
  return {
    source,
    state: 'fresh',
    lastSuccessAt: new Date(atMs).toISOString(),
    failingSince: null,
    failure: null,
    message: 'Up to date',
  };
}

export interface WorldOptions {
  tickets?: Ticket[] | null;
  /** The user's entries; `null` = PagerDuty has no data. */
  myEntries?: OnCallEntry[] | null;
  onCallNow?: OnCallEntry[];
  /** Other people's entries starting after now (who takes over when the user's turn ends). */
  upcomingOthers?: OnCallEntry[];
  health?: Partial<WorldState['health']>;
}

/** A world with both sources fresh unless told otherwise. */
export function makeWorld(options: WorldOptions = {}): WorldState {
  const tickets = options.tickets === undefined ? [] : options.tickets;
  const myEntries = options.myEntries === undefined ? [] : options.myEntries;
  return {
    zendesk: tickets === null ? null : { tickets, problems: [] },
    pagerduty:
      myEntries === null
        ? null
        : {
            me: { id: 'PME', name: 'Ada Lovelace', email: 'ada@example.com' },
            myEntries,
            onCallNow: options.onCallNow ?? [],
            upcomingOthers: options.upcomingOthers ?? [],
            schedules: [],
            problems: [],
          },
    health: {
      zendesk: tickets === null ? emptyHealth('zendesk') : freshHealth('zendesk'),
      pagerduty: myEntries === null ? emptyHealth('pagerduty') : freshHealth('pagerduty'),
      ...options.health,
    },
    demo: false,
  };
}

export const NO_NOTIFICATION_STATE: NotificationState = { pausedUntil: null, quietHours: false, held: 0 };

/** `buildSnapshot` with test defaults (UTC, handbook settings). */
export function makeSnapshot(
  options: WorldOptions & { nowMs?: number; settings?: Settings; timeZone?: string } = {},
): Snapshot {
  return buildSnapshot(
    makeWorld(options),
    options.settings ?? DEFAULT_SETTINGS,
    options.nowMs ?? T0,
    NO_NOTIFICATION_STATE,
    options.timeZone ?? 'UTC',
  );
}
