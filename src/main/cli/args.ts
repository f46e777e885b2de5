/** Command-line arguments of `support-hero`, parsed into a command or a usage error (exit code 2). */
import { checkApiBase } from '../../shared/api-base';

export type CliCommand = 'status' | 'watch' | 'handover' | 'help';

export interface CliArgs {
  command: CliCommand;
  json: boolean;
  /** Path of the settings JSON file, as given. */
  config: string | null;
  /** `--now`: evaluate as if at this instant (epoch ms). */
  nowMs: number | null;
  zendeskUrl: string | null;
  pagerdutyUrl: string | null;
  /** `--slack-url`: the Slack Web API base (becomes `slack.apiUrl`). */
  slackUrl?: string | null;
}

export type ParsedArgs = { ok: true; args: CliArgs } | { ok: false; message: string };

export const USAGE = `Usage: support-hero <command> [options]

Commands:
  status   Poll once, then print the turn and the queue by priority tier (or the snapshot as JSON).
  watch    Keep polling and print each alert as it becomes due (never twice, even across restarts).
  handover Poll once, then print the end-of-rotation handover: who takes over (from PagerDuty) and the tickets
           still open in the tiers handed over, as Markdown (or as JSON).
  act      Act on a ticket or your turn: support-hero act <ticket> <action> [options] [--dry-run] [--yes]
           (status, replied, assign-org, assign-to-me, bug-report, feature-request, playbook; swap, overrides).
           Every write names the change and asks first. See "support-hero act --help".

Options:
  --json               Machine-readable output: one JSON document (status, handover) or one JSON line per alert
                       (watch).
  --config FILE        Settings as JSON (the app's settings schema; missing fields take their defaults).
                       Without --config, support-hero runs on the built-in demo data.
  --now ISO            Evaluate as if at this instant (turns, SLA countdowns, alerts), e.g. 2026-11-30T10:00:00Z.
  --zendesk-url URL    Zendesk API base to use instead of https://{subdomain}.zendesk.com/api/v2.
  --pagerduty-url URL  PagerDuty API base to use instead of https://api.pagerduty.com.
  --slack-url URL      Slack Web API base to use instead of https://slack.com/api/.
                       Both must be https:// (plain http:// only for 127.0.0.1, localhost and [::1]).
  -h, --help           Show this help.

Secrets are read only from the environment: SUPPORT_HERO_ZENDESK_TOKEN, SUPPORT_HERO_PAGERDUTY_TOKEN,
SUPPORT_HERO_SLACK_TOKEN.
The watch ledger is kept next to the config file, or in $XDG_CONFIG_HOME/support-hero/ without one.
The demo data is laid out from the real time (--now looks at it at another instant);
SUPPORT_HERO_DEMO_ANCHOR=ISO lays it out from that instant instead and looks at it then (unless --now is
given), so the output can be reproduced exactly.

Exit codes: 0 success; 2 bad configuration or arguments; 3 a source failed (with --json the snapshot is still
printed, with the failure under "sources").`;

export const VALUE_OPTIONS = new Set(['--config', '--now', '--zendesk-url', '--pagerduty-url', '--slack-url']);

/** Parses argv (without `node` and the script). Accepts `--opt value` and `--opt=value`. Never throws. */
export function parseArgs(argv: string[]): ParsedArgs {
  const args: CliArgs = {
    command: 'help',
    json: false,
    config: null,
    nowMs: null,
    zendeskUrl: null,
    pagerdutyUrl: null,
  };
  let command: string | null = null;
  let help = false;
  for (let index = 0; index < argv.length; index++) {
    const raw = argv[index]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (name === '-h' || name === '--help') {
      help = true;
      continue;
    }
    if (name === '--json') {
      if (eq > 0) return fail(`--json takes no value`);
      args.json = true;
      continue;
    }
    if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? raw.slice(eq + 1) : argv[++index];
      if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
        return fail(`${name} needs a value`);
      }
      const problem = assign(args, name, value);
      if (problem) return fail(problem);
      continue;
    }
    if (raw.startsWith('-')) return fail(`Unknown option ${raw}`);
    if (command !== null) return fail(`Unexpected argument "${raw}"`);
    command = raw;
  }
  if (help) return { ok: true, args: { ...args, command: 'help' } };
  if (command === null) return fail('Name a command: status, watch or handover');
  if (command !== 'status' && command !== 'watch' && command !== 'handover') {
    return fail(`Unknown command "${command}"`);
  }
  return { ok: true, args: { ...args, command } };
}

function assign(args: CliArgs, name: string, value: string): string | null {
  switch (name) {
    case '--config':
      args.config = value;
      return null;
    case '--now': {
      // A bare date or a time without a zone would be read in the machine's zone: require an explicit instant.
      const ms = explicitInstant(value);
      if (!Number.isFinite(ms)) {
        return `--now needs an ISO 8601 instant with a zone, e.g. 2026-11-30T10:00:00Z (got "${value}")`;
      }
      args.nowMs = ms;
      return null;
    }
    case '--zendesk-url':
    case '--pagerduty-url':
    case '--slack-url': {
      if (!isHttpUrl(value)) return `${name} needs a full http(s) address (got "${value}")`;
      const refused = checkApiBase(value);
      if (refused) return `${name}: ${refused}`;
      if (name === '--zendesk-url') args.zendeskUrl = value;
      else if (name === '--slack-url') args.slackUrl = value;
      else args.pagerdutyUrl = value;
      return null;
    }
    default:
      return `Unknown option ${name}`;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function fail(message: string): ParsedArgs {
  return { ok: false, message };
}

/**
 * An ISO 8601 instant with an explicit zone, in ms; NaN otherwise. A bare date or a zone-less time would be read in
 * the machine's zone, so neither is accepted.
 */
export function explicitInstant(value: string): number {
  const explicit = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  return explicit ? Date.parse(value) : Number.NaN;
}
