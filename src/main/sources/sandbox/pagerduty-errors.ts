/** PagerDuty's error envelope, shared by every emulated PagerDuty route. */
import { json, type Reply } from './http-util';

/** PagerDuty's error envelope (docs/14-Errors.md). */
export function pagerDutyError(status: number, code: number, message: string, errors?: string[]): Reply {
  return json(status, { error: errors ? { message, code, errors } : { message, code } });
}
