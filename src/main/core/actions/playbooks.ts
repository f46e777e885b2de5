/**
 * Playbooks: the handbook's step lists (2FA removal, organization ownership transfers, deleting groups,
 * self-hosted questions) as short, checkable guides, with their templates filled from the ticket. Offered on a
 * ticket whose tags or text match (rules are configurable), listed from a menu otherwise.
 *
 * Templates are copied by the user, never sent by us. Ticket text is hostile: only a cleaned, capped requester
 * name, the ticket number and (for deleting groups) a bare numeric project id found in a PostHog link are used.
 */
import { PLAYBOOK_IDS, PLAYBOOK_TITLES, type PlaybookId } from '../../../shared/playbooks';
import { plainText } from '../text';

export { PLAYBOOK_TITLES, type PlaybookId };

/** One checkable step; `bold` marks text the handbook sets in bold. */
export interface PlaybookStep {
  text: string;
  bold?: boolean;
  link?: { label: string; url: string };
}

/** A text to copy (an email or a reply). */
export interface PlaybookTemplate {
  label: string;
  /** The whole text as it should be pasted. */
  text: string;
}

export interface FilledPlaybook {
  id: PlaybookId;
  title: string;
  /** Shown in bold above the steps. */
  warning: string | null;
  steps: PlaybookStep[];
  templates: PlaybookTemplate[];
}

/** What a playbook is filled from. */
export interface PlaybookTicket {
  id: number;
  subject: string;
  description: string;
  tags: readonly string[];
  requesterName: string | null;
}

/** Offer a playbook when the ticket has any of `tags` or its subject/text mentions any of `keywords`. */
export interface PlaybookMatchRule {
  tags: string[];
  keywords: string[];
}

export type PlaybookRules = Record<PlaybookId, PlaybookMatchRule>;

export interface PlaybookMatch {
  id: PlaybookId;
  title: string;
  /** Why it is offered: "tag 2fa", "mentions “self-hosted”". */
  reason: string;
}

export const DEFAULT_PLAYBOOK_RULES: PlaybookRules = {
  two_factor_removal: {
    tags: ['2fa', 'two_factor', 'mfa'],
    keywords: ['2fa', 'two-factor', 'two factor', 'totp', 'authenticator', 'mfa'],
  },
  ownership_transfer: {
    tags: ['ownership_transfer'],
    keywords: [
      'transfer ownership',
      'ownership transfer',
      'organization owner',
      'org owner',
      'owner left',
      'admin left',
    ],
  },
  delete_groups: {
    tags: ['delete_groups'],
    keywords: ['delete group', 'delete groups', 'deleting groups', 'remove group', 'group type'],
  },
  self_hosted: {
    tags: ['self_hosted', 'self-hosted', 'hobby'],
    keywords: [
      'self-hosted',
      'self hosted',
      'selfhosted',
      'hobby deployment',
      'docker compose',
      'open source deployment',
    ],
  },
};

/** Only this much ticket text is searched: matching is a hint, not worth a megabyte scan. */
const MATCH_TEXT_MAX = 20_000;
const NAME_MAX = 60;
const RULE_ITEMS_MAX = 30;
const RULE_ITEM_CHARS = 60;

export const SELF_HOSTED_DOCS_URL =
  'https://posthog.com/docs/self-host/open-source/support#support-for-open-source-deployments-of-posthog';
export const NEW_ISSUE_CHOOSER_URL = 'https://github.com/PostHog/posthog/issues/new/choose';
export const DELETE_GROUPS_WARNING = 'Do NOT click the DELETE button! That will delete the entire project!';

/** Every playbook, for the menu, in the handbook's order. */
export function playbookMenu(): { id: PlaybookId; title: string }[] {
  return PLAYBOOK_IDS.map((id) => ({ id, title: PLAYBOOK_TITLES[id] }));
}

/** The playbooks whose rules match the ticket, each with the first reason found. */
export function matchPlaybooks(ticket: PlaybookTicket, rules: PlaybookRules = DEFAULT_PLAYBOOK_RULES): PlaybookMatch[] {
  const tags = new Set(ticket.tags.map((tag) => tag.toLowerCase()));
  const text = ` ${`${ticket.subject}\n${ticket.description}`.slice(0, MATCH_TEXT_MAX).toLowerCase().replace(/\s+/g, ' ')} `;
  const matches: PlaybookMatch[] = [];
  for (const id of PLAYBOOK_IDS) {
    const rule = rules[id];
    if (!rule) continue;
    const tag = rule.tags.find((candidate) => tags.has(candidate.toLowerCase()));
    const keyword = tag ? undefined : rule.keywords.find((candidate) => mentions(text, candidate));
    if (tag) matches.push({ id, title: PLAYBOOK_TITLES[id], reason: `tag ${tag}` });
    else if (keyword) matches.push({ id, title: PLAYBOOK_TITLES[id], reason: `mentions “${keyword}”` });
  }
  return matches;
}

/**
 * Settings input to rules: unknown ids and non-string items dropped, items trimmed, lower-cased, deduplicated and
 * capped; a playbook missing from the input keeps its default rule.
 */
export function normalizePlaybookRules(input: unknown): PlaybookRules {
  const rules = structuredClone(DEFAULT_PLAYBOOK_RULES);
  if (typeof input !== 'object' || input === null) return rules;
  for (const id of PLAYBOOK_IDS) {
    const rule = (input as Record<string, unknown>)[id];
    if (typeof rule !== 'object' || rule === null) continue;
    const list = (value: unknown) =>
      Array.isArray(value)
        ? [
            ...new Set(
              value
                .filter((item): item is string => typeof item === 'string')
                .map((item) => plainText(item, RULE_ITEM_CHARS).toLowerCase())
                .filter((item) => item !== ''),
            ),
          ].slice(0, RULE_ITEMS_MAX)
        : null;
    const tags = list((rule as Record<string, unknown>).tags);
    const keywords = list((rule as Record<string, unknown>).keywords);
    rules[id] = { tags: tags ?? rules[id].tags, keywords: keywords ?? rules[id].keywords };
  }
  return rules;
}

/** The playbook with its templates filled from the ticket and the agent's name. */
export function fillPlaybook(id: PlaybookId, ticket: PlaybookTicket, agentName: string): FilledPlaybook {
  const requester = plainText(ticket.requesterName ?? '', NAME_MAX) || 'there';
  const agent = plainText(agentName, NAME_MAX) || '[your name]';
  const ticketNumber = Number.isSafeInteger(ticket.id) && ticket.id > 0 ? String(ticket.id) : 'XXXX';
  const base = { id, title: PLAYBOOK_TITLES[id], warning: null };
  switch (id) {
    case 'two_factor_removal':
      return {
        ...base,
        steps: [
          { text: 'Send the confirmation email below to the account owner (copy it; the app does not send it).' },
          {
            text: 'After the user responded and confirmed the change, delete their TOTP device.',
            link: { label: 'TOTP devices (US)', url: 'https://us.posthog.com/admin/otp_totp/totpdevice/' },
          },
          {
            text: 'For an EU account, use the EU admin instead.',
            link: { label: 'TOTP devices (EU)', url: 'https://eu.posthog.com/admin/otp_totp/totpdevice/' },
          },
        ],
        templates: [
          {
            label: 'Confirmation email',
            text: [
              'Subject: Confirmation Required: Removal of 2FA on your PostHog Account',
              '',
              `Hi ${requester},`,
              '',
              `According to ticket #${ticketNumber}, you mentioned wanting to remove the current 2FA method. Could you please confirm this by replying to this email?`,
              '',
              "If you haven't requested this change, please let me know immediately.",
              '',
              'Best,',
              agent,
            ].join('\n'),
          },
        ],
      };
    case 'ownership_transfer':
      return {
        ...base,
        steps: [
          { text: 'Ask them to get the current owner to log in and transfer the ownership.' },
          {
            text: "If they have access to the current owner's email, ask them to do a password reset, then log in as the owner and perform the action themselves.",
          },
          {
            text: "If not, email the account owner's email to see if it bounces back. Also check how long it is since they logged in.",
          },
          { text: 'If they are on a paid plan, the contact on Stripe may need switching.' },
        ],
        templates: [],
      };
    case 'delete_groups': {
      const project = projectOf(ticket.description);
      const adminUrl = project
        ? `https://${project.region}.posthog.com/admin/posthog/team/${project.id}/change/`
        : null;
      return {
        ...base,
        warning: DELETE_GROUPS_WARNING,
        steps: [
          {
            text: adminUrl
              ? `Visit the Django Admin page of project ${project?.id} (check it is the project where the group is found).`
              : 'Visit the Django Admin page for the project: https://us.posthog.com/admin/posthog/team/:project_id/change/ (use the project ID where the group/org is found).',
            ...(adminUrl ? { link: { label: 'Django Admin: project', url: adminUrl } } : {}),
          },
          { text: 'In the lower part of the page, find GROUP TYPE MAPPINGS and click SHOW.' },
          { text: 'In the right-hand column, check the box for the group(s) to be deleted.' },
          { text: 'Click the SAVE button. (Do NOT use the DELETE button!)', bold: true },
          { text: 'Reply to the user to confirm.' },
        ],
        templates: [],
      };
    }
    case 'self_hosted':
      return {
        ...base,
        steps: [
          {
            text: 'Point them politely to the docs for self-serve open-source support.',
            link: { label: 'Open-source support docs', url: SELF_HOSTED_DOCS_URL },
          },
          {
            text: 'Ask them to file a GitHub issue if they believe something is broken in the docs or deployment setup.',
            link: { label: 'New GitHub issue', url: NEW_ISSUE_CHOOSER_URL },
          },
          { text: 'We do not otherwise provide support for self-hosted PostHog.' },
        ],
        templates: [
          {
            label: 'Reply',
            text: [
              `Hey ${requester},`,
              '',
              `Thanks for reaching out! We don't provide support for self-hosted PostHog, but the docs for self-serve open-source support should help: ${SELF_HOSTED_DOCS_URL}`,
              '',
              `If you believe something is broken in the docs or the deployment setup, please file a GitHub issue: ${NEW_ISSUE_CHOOSER_URL}`,
              '',
              'Best,',
              agent,
            ].join('\n'),
          },
        ],
      };
  }
}

/** A guide as plain text (CLI, clipboard): bold as `**…**`, steps numbered with a checkbox. */
export function playbookText(playbook: FilledPlaybook): string {
  const lines = [playbook.title, ''];
  if (playbook.warning) lines.push(`**WARNING: ${playbook.warning}**`, '');
  playbook.steps.forEach((step, index) => {
    const text = step.bold ? `**${step.text}**` : step.text;
    lines.push(`${index + 1}. [ ] ${text}${step.link ? ` (${step.link.url})` : ''}`);
  });
  for (const template of playbook.templates) lines.push('', `--- ${template.label} ---`, template.text);
  return lines.join('\n');
}

/** Whole-word (or whole-phrase) mention in already lower-cased, space-padded text. */
function mentions(text: string, keyword: string): boolean {
  const needle = keyword.toLowerCase().trim();
  if (needle === '') return false;
  let from = 0;
  for (;;) {
    const index = text.indexOf(needle, from);
    if (index < 0) return false;
    const before = text[index - 1] ?? ' ';
    const after = text[index + needle.length] ?? ' ';
    if (!/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after)) return true;
    from = index + 1;
  }
}

/** A project id from a PostHog Cloud link in the ticket (`us.posthog.com/project/12345`): digits only. */
function projectOf(text: string): { region: 'us' | 'eu'; id: string } | null {
  const match = /\bhttps:\/\/(us|eu)\.posthog\.com\/project\/(\d{1,10})\b/.exec(text.slice(0, MATCH_TEXT_MAX));
  return match ? { region: match[1] as 'us' | 'eu', id: match[2]! } : null;
}
