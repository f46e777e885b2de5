/**
 * Light checks for immediacy while typing; main validates everything again on save and has the last word.
 * Lists typed as text ("1440, 15") are parsed here so the form can say which entry is wrong.
 */
import type { FieldError } from '../../shared/ipc';

/** "1440, 15" -> [1440, 15]; `null` when an entry is not a whole positive number. */
export function parseMinutes(text: string): number[] | null {
  const parts = splitList(text);
  const numbers = parts.map((part) => Number(part));
  return numbers.every((n) => Number.isInteger(n) && n > 0) ? numbers : null;
}

/** "a, b ,c" -> ['a', 'b', 'c'] (empty entries dropped). */
export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

export interface DraftText {
  subdomain: string;
  email: string;
  turnLeadMinutes: string;
  slaWarningMinutes: string;
  zendeskSeconds: string;
  pagerdutySeconds: string;
  start: string;
  end: string;
  userEmail: string;
}

const SUBDOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Field errors the form can tell at once, with the same dotted paths main uses. */
export function clientErrors(text: DraftText): FieldError[] {
  const errors: FieldError[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  if (text.subdomain && !SUBDOMAIN.test(text.subdomain)) {
    add('zendesk.subdomain', 'Use the part before .zendesk.com: lowercase letters, digits and -');
  }
  if (text.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.email)) {
    add('zendesk.email', 'Use the email address you sign in to Zendesk with');
  }
  if (text.userEmail && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.userEmail)) {
    add('pagerduty.userEmail', 'Use an email address');
  }
  if (parseMinutes(text.turnLeadMinutes) === null) {
    add('notifications.turnLeadMinutes', 'Use whole minutes separated by commas, e.g. 1440, 15');
  }
  const sla = parseMinutes(text.slaWarningMinutes);
  if (sla === null) add('notifications.slaWarningMinutes', 'Use whole minutes separated by commas, e.g. 180, 120, 60');
  else if (sla.length > 3) add('notifications.slaWarningMinutes', 'At most 3 SLA warnings per ticket');
  for (const [path, value] of [
    ['polling.zendeskSeconds', text.zendeskSeconds],
    ['polling.pagerdutySeconds', text.pagerdutySeconds],
  ] as const) {
    const n = Number(value);
    if (!value.trim() || !Number.isInteger(n) || n <= 0) add(path, 'Use whole seconds');
  }
  if (!HH_MM.test(text.start)) add('notifications.workingHours.start', 'Use HH:MM, e.g. 09:00');
  if (!HH_MM.test(text.end)) add('notifications.workingHours.end', 'Use HH:MM, e.g. 18:00');
  return errors;
}
