/**
 * The form's working copy: Settings for what is picked or ticked, text for what is typed, and how the two are
 * put back together into the Settings that Test, the pickers and Save send.
 */
import type { Settings } from '../../shared/settings';
import { type FieldTexts, parseMinutes, splitList } from '../../shared/settings-rules';

/** Which known field an error belongs to: its own path, or the nearest listed parent (`a.b.0` -> `a.b`). */
export function fieldFor(path: string, known: readonly string[]): string | null {
  let candidate = path;
  while (candidate) {
    if (known.includes(candidate)) return candidate;
    const cut = candidate.lastIndexOf('.');
    if (cut < 0) return null;
    candidate = candidate.slice(0, cut);
  }
  return null;
}

/** The typed fields of `settings`, as the form shows them. */
export function textOf(settings: Settings): FieldTexts {
  return {
    subdomain: settings.zendesk.subdomain,
    email: settings.zendesk.email,
    userEmail: settings.pagerduty.userEmail ?? '',
    turnLeadMinutes: settings.notifications.turnLeadMinutes.join(', '),
    slaWarningMinutes: settings.notifications.slaWarningMinutes.join(', '),
    zendeskSeconds: String(settings.polling.zendeskSeconds),
    pagerdutySeconds: String(settings.polling.pagerdutySeconds),
    start: settings.notifications.workingHours.start,
    end: settings.notifications.workingHours.end,
    escalationTags: settings.zendesk.escalationTags.join(', '),
    customerSuccessTags: settings.zendesk.customerSuccessTags.join(', '),
  };
}

/** The draft with the typed fields parsed in; a list that does not parse keeps the draft's value. */
export function composeSettings(draft: Settings, text: FieldTexts): Settings {
  return {
    ...draft,
    zendesk: {
      ...draft.zendesk,
      subdomain: text.subdomain.trim(),
      email: text.email.trim(),
      escalationTags: splitList(text.escalationTags),
      customerSuccessTags: splitList(text.customerSuccessTags),
    },
    pagerduty: { ...draft.pagerduty, userEmail: text.userEmail.trim() || null },
    notifications: {
      ...draft.notifications,
      turnLeadMinutes: parseMinutes(text.turnLeadMinutes) ?? draft.notifications.turnLeadMinutes,
      slaWarningMinutes: parseMinutes(text.slaWarningMinutes) ?? draft.notifications.slaWarningMinutes,
      workingHours: { ...draft.notifications.workingHours, start: text.start, end: text.end },
    },
    polling: {
      ...draft.polling,
      zendeskSeconds: Number(text.zendeskSeconds),
      pagerdutySeconds: Number(text.pagerdutySeconds),
    },
  };
}
