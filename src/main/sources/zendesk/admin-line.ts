/**
 * The `Admin` line that PostHog's in-app support form appends to a ticket's description, parsed in every form it
 * has had (shared/domain/posthog-ticket-formats.md). It names the customer's PostHog organization, which is what
 * a Support Hero assigns a requester to when Zendesk put them in a free-email temporary org.
 *
 * The names inside are the customer's own text, unescaped: an organization may be called `O'Brien (EU), Inc.:
 * "Data"; Ltd` or `株式会社ハリネズミ`. So each form is matched whole, with its fixed words as anchors, and never by
 * splitting on punctuation.
 */

/** What the Admin line says about the requester's PostHog organization. */
export interface AdminLine {
  /** The organization's name as the form wrote it. */
  organizationName: string;
  /** PostHog's organization id (a UUID), where the form wrote one: it tells apart two orgs of the same name. */
  organizationId: string | null;
  /** Which of the form's versions wrote the line. */
  form: AdminLineForm;
}

export type AdminLineForm = 'admin_link' | 'markdown' | 'markdown_project_id' | 'go_link' | 'go_link_ids' | 'internal';

/** Names are cut at this length, as subjects are, so one hostile ticket cannot swamp a list. */
const MAX_NAME_LENGTH = 200;
/** Lines longer than this are not a form's line (its URL and two names fit easily); skipping them bounds the work. */
const MAX_LINE_LENGTH = 2_000;

// The admin URL each version linked to. The URL runs to the first space: none of the forms' URLs holds one.
const PREFIXES: ReadonlyArray<{ prefix: RegExp; forms: 'quoted' | 'ids' | 'either'; form: AdminLineForm }> = [
  { prefix: /^Admin link: \S+\/admin\/posthog\/user\/\?q=\S* \(/, forms: 'quoted', form: 'admin_link' },
  { prefix: /^\[Admin\]\(\S+\/admin\/posthog\/user\/\?q=\S*\) \(/, forms: 'quoted', form: 'markdown' },
  { prefix: /^Admin: https?:\/\/go\/admin(?:us|eu)\/\S* \(/i, forms: 'either', form: 'go_link' },
  {
    prefix: /^Admin \(internal\): https:\/\/(?:us|eu)\.posthog\.com\/admin\/posthog\/user\/\d+\/change\/? \(/,
    forms: 'ids',
    form: 'internal',
  },
];

// `Organization: '<name>'; Project: '<project>')` or `...; Project: <id>:'<project>')`. The name ends at the first
// `'; Project: ` (the pitfall list's rule); a project name may hold anything, so it runs to the line's last `')`.
// `s`: a name may hold U+2028 and U+2029, which `.` would not match otherwise.
const QUOTED = /^Organization: '(.+?)'; Project: (\d+:)?'.*'\)$/s;
// `organization ID <uuid>: <name>, project ID <id>: <project>)`. The name ends at the first `, project ID <digits>: `.
const WITH_IDS =
  /^organization ID ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}): (.+?), project ID \d+: .*\)$/is;

/** Parses one line; `null` when it is not one of the form's Admin lines. */
export function parseAdminLine(line: string): AdminLine | null {
  const text = line.trim();
  if (text.length > MAX_LINE_LENGTH) return null;
  for (const { prefix, forms, form } of PREFIXES) {
    const head = prefix.exec(text);
    if (!head) continue;
    const rest = text.slice(head[0].length);
    if (forms !== 'ids') {
      const quoted = QUOTED.exec(rest);
      if (quoted?.[1]) {
        const withProjectId = Boolean(quoted[2]);
        return named(quoted[1], null, refineQuotedForm(form, withProjectId));
      }
    }
    if (forms !== 'quoted') {
      const ids = WITH_IDS.exec(rest);
      if (ids?.[1] && ids[2]) return named(ids[2], ids[1].toLowerCase(), form === 'go_link' ? 'go_link_ids' : form);
    }
    return null;
  }
  return null;
}

/**
 * The Admin line of a ticket's description. The form appends its lines after the customer's message, so the last
 * Admin line is the form's: one that the customer typed (or pasted from an older ticket) above it never wins.
 */
export function findAdminLine(description: string): AdminLine | null {
  const lines = description.split(/\r\n|\r|\n/);
  for (let index = lines.length - 1; index >= 0; index--) {
    const parsed = parseAdminLine(lines[index] ?? '');
    if (parsed) return parsed;
  }
  return null;
}

function refineQuotedForm(form: AdminLineForm, withProjectId: boolean): AdminLineForm {
  if (form === 'markdown' && withProjectId) return 'markdown_project_id';
  return form;
}

function named(rawName: string, organizationId: string | null, form: AdminLineForm): AdminLine | null {
  const name = rawName.trim();
  if (!name) return null;
  const points = Array.from(name);
  // Cut by code point, so a name in an astral script is never left with half a character.
  const organizationName = points.length > MAX_NAME_LENGTH ? `${points.slice(0, MAX_NAME_LENGTH - 1).join('')}…` : name;
  return { organizationName, organizationId, form };
}
