/** A quiet world: valid credentials, the same views and schedules, no tickets and no on-call turn for you. */
import type { Scenario } from '../scenario';
import { DEMO_ME, demoScenario } from './demo';

/** No tickets anywhere, and the demo user is on no schedule. */
export function emptyScenario(): Scenario {
  const base = demoScenario();
  base.name = 'empty';
  base.zendesk.tickets = [];
  for (const schedule of base.pagerduty.schedules) {
    schedule.shifts = schedule.shifts.filter((shift) => shift.userId !== DEMO_ME.id);
  }
  for (const channel of base.slack?.channels ?? []) channel.messages = [];
  return base;
}
