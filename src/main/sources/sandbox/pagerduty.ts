/**
 * The PagerDuty REST API v2 routes the app uses (served under `/pagerduty`), in the shapes of
 * specs/pagerduty/pagerduty-rest-openapiv3.json: authentication and the route table. The parts live beside it:
 * paging and time ranges (pagerduty-paging), on-calls computed from the scenario's shifts (pagerduty-oncalls),
 * schedule detail v2 and v3 (pagerduty-schedules), the rendered shapes (pagerduty-shapes) and the error envelope
 * (pagerduty-errors).
 */
import { json, type Reply, type RouteContext } from './http-util';
import { pagerDutyError } from './pagerduty-errors';
import { listOnCalls } from './pagerduty-oncalls';
import { paginate } from './pagerduty-paging';
import { scheduleDetail, v3ScheduleDetail } from './pagerduty-schedules';
import { renderEscalationPolicy, renderSchedule, renderUser, scheduleReference } from './pagerduty-shapes';
import type { ScenarioPagerDuty } from './scenario';

export { pagerDutyError } from './pagerduty-errors';

/** Who a request acts as: a user key (with its user) or an account key. */
export type PagerDutyIdentity = { kind: 'user'; userId: string } | { kind: 'account' };

/** Reads `Token token=KEY` or `Bearer TOKEN`; `null` when the key is unknown or the header malformed. */
export function authenticatePagerDuty(
  pagerduty: ScenarioPagerDuty,
  authorization: string | undefined,
): PagerDutyIdentity | null {
  const header = authorization ?? '';
  const token = /^Token\s+token=(\S+)\s*$/i.exec(header)?.[1] ?? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!token) return null;
  const key = pagerduty.apiKeys.find((candidate) => candidate.token === token);
  if (!key) return null;
  return key.kind === 'user' ? { kind: 'user', userId: key.userId } : { kind: 'account' };
}

export const PAGERDUTY_UNAUTHORIZED: Reply = pagerDutyError(401, 2006, 'Authentication failed');

/** Answers one authenticated PagerDuty request (path without the `/pagerduty` prefix). */
export function routePagerDuty(context: RouteContext, identity: PagerDutyIdentity): Reply {
  const path = context.path.replace(/\/+$/, '');
  const pagerduty = context.scenario.pagerduty;
  if (path === '/users/me') {
    if (identity.kind !== 'user') {
      return pagerDutyError(400, 2001, 'Invalid Input Provided', [
        'This endpoint requires a user-level API token; account keys have no current user.',
      ]);
    }
    const me = pagerduty.users.find((user) => user.id === identity.userId);
    return me ? json(200, { user: renderUser(context, me) }) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/users') {
    const query = (context.query.get('query') ?? '').toLowerCase();
    const users = pagerduty.users.filter(
      (user) => user.name.toLowerCase().includes(query) || user.email.toLowerCase().includes(query),
    );
    return paginate(context, 'users', users, (user) => renderUser(context, user));
  }
  const user = /^\/users\/([A-Z0-9]+)$/.exec(path);
  if (user) {
    const found = pagerduty.users.find((candidate) => candidate.id === user[1]);
    return found ? json(200, { user: renderUser(context, found) }) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/schedules') {
    const query = (context.query.get('query') ?? '').toLowerCase();
    const schedules = pagerduty.schedules.filter(
      (schedule) => schedule.kind === 'schedule' && schedule.name.toLowerCase().includes(query),
    );
    return paginate(context, 'schedules', schedules, (schedule) => renderSchedule(context, schedule));
  }
  const schedule = /^\/schedules\/([A-Z0-9]+)$/.exec(path);
  if (schedule) {
    const found = pagerduty.schedules.find(
      (candidate) => candidate.id === schedule[1] && candidate.kind === 'schedule',
    );
    return found ? scheduleDetail(context, found) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/v3/schedules') {
    const schedules = pagerduty.schedules.filter((candidate) => candidate.kind === 'schedule_v3');
    return paginate(context, 'schedules', schedules, (candidate) => scheduleReference(context, candidate), 100, 1000);
  }
  const v3Schedule = /^\/v3\/schedules\/([A-Z0-9]+)$/.exec(path);
  if (v3Schedule) {
    const found = pagerduty.schedules.find(
      (candidate) => candidate.id === v3Schedule[1] && candidate.kind === 'schedule_v3',
    );
    return found ? v3ScheduleDetail(context, found) : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/escalation_policies') {
    return paginate(context, 'escalation_policies', pagerduty.escalationPolicies, (policy) =>
      renderEscalationPolicy(context, policy),
    );
  }
  const policy = /^\/escalation_policies\/([A-Z0-9]+)$/.exec(path);
  if (policy) {
    const found = pagerduty.escalationPolicies.find((candidate) => candidate.id === policy[1]);
    return found
      ? json(200, { escalation_policy: renderEscalationPolicy(context, found) })
      : pagerDutyError(404, 2100, 'Not Found');
  }
  if (path === '/oncalls') return listOnCalls(context);
  return pagerDutyError(404, 2100, 'Not Found');
}
