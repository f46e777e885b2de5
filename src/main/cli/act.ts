/**
 * `support-hero act`: the ticket actions and turn swaps from the command line, through the same actions service
 * the window uses. Every write names the change and asks first (or takes `--yes`); `--dry-run` prints the exact
 * requests and sends no write. Off a terminal, a write without `--yes` is refused rather than guessed.
 */
import { dirname, join } from 'node:path';
import type { ServiceName } from '../../shared/domain';
import type { Settings } from '../../shared/settings';
import type { SettableStatus } from '../core/actions/catalog';
import { createActionLog } from '../core/actions/log';
import { PLAYBOOK_TITLES, type PlaybookId } from '../core/actions/playbooks';
import type { SwapSpan } from '../core/actions/swap';
import type { Clock, KeyValueStore, SecretStore } from '../core/ports';
import { plainText } from '../core/text';
import { type Runtime, startRuntime, systemTimeZone } from '../runtime';
import {
  type ActionPreview,
  type ActionRunResult,
  type ActionsService,
  createActionsService,
  type RequestSummary,
  type WriteActionRequest,
} from '../runtime/actions';
import { SANDBOX_CREDENTIALS } from '../sources/sandbox';
import { JsonFileStore } from '../storage/json-file-store';
import { explicitInstant, parseArgs, VALUE_OPTIONS } from './args';
import { ledgerPath } from './config';
import { inertJson } from './inert-json';

export const EXIT_ACTION_NOT_DONE = 4;

export const ACT_USAGE = `Usage: support-hero act <ticket> <action> [options] [--dry-run] [--yes]
       support-hero act swap --user ID (--day YYYY-MM-DD | --from ISO --to ISO) [--schedule ID]
       support-hero act overrides (list | remove <override-id>) [--schedule ID]

Ticket actions (the ticket must be in your queue):
  status            --status pending|hold|solved [--note TEXT]   (On-hold needs a note: it pauses the SLA)
  replied           [--status pending|solved] [--link URL]       Replied on the community page: internal note + status
  assign-org        [--org NAME] [--org-id ID]                   Looks the Admin line's organization up; with --org-id,
                                                                 moves the requester to that match
  assign-to-me                                                   (needs actions.assignToMe in the settings)
  bug-report        Prints the prefilled GitHub issue form for PostHog/posthog (nothing is sent)
  feature-request   Same, for a feature request
  playbook NAME     Prints the guide filled from the ticket: ${Object.keys(PLAYBOOK_TITLES).join(', ')}

Turn actions (PagerDuty overrides on your current, else next, turn; the rotation's order never changes):
  swap              --user ID and --day YYYY-MM-DD, or --from ISO --to ISO; --schedule ID picks the schedule
  overrides list    Your overrides on the turn's first schedule; --schedule ID names another (as for swap)
  overrides remove ID [--schedule ID]

Options: --dry-run prints the exact requests and sends no write; --yes confirms without asking; plus --config,
--json, --now, --zendesk-url, --pagerduty-url as for the other commands.
Exit codes: 0 done (or already so); 2 bad arguments, refused by the app, or not confirmed; 3 a source failed;
4 the server did not make the change (conflict, refused, rate limited, unknown).`;

const ACT_VALUE_OPTIONS = new Set([
  '--status',
  '--note',
  '--link',
  '--org',
  '--org-id',
  '--schedule',
  '--user',
  '--day',
  '--from',
  '--to',
]);

/** What `act` was asked, before anything is looked up. */
export interface ActArgs {
  positionals: string[];
  options: Map<string, string>;
  dryRun: boolean;
  yes: boolean;
  help: boolean;
  /** The shared options (`--config`, `--json`, ...) as `parseArgs` reads them for `status`. */
  common: string[];
}

/** `argv` split into act's own options and the shared ones, when its first word is `act`; else `null`. */
export function splitActArgs(argv: string[]): ActArgs | { error: string } | null {
  const common: string[] = [];
  const positionals: string[] = [];
  const options = new Map<string, string>();
  let dryRun = false;
  let yes = false;
  let help = false;
  let isAct = false;
  for (let index = 0; index < argv.length; index++) {
    const raw = argv[index]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const name = eq > 0 ? raw.slice(0, eq) : raw;
    if (VALUE_OPTIONS.has(name)) {
      common.push(raw);
      if (eq < 0 && index + 1 < argv.length) common.push(argv[++index]!);
      continue;
    }
    if (!isAct) {
      if (raw.startsWith('-')) {
        common.push(raw);
        continue;
      }
      if (raw !== 'act') return null;
      isAct = true;
      continue;
    }
    if (ACT_VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? raw.slice(eq + 1) : argv[++index];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) return { error: `${name} needs a value` };
      options.set(name, value);
    } else if (name === '--dry-run') dryRun = true;
    else if (name === '--yes' || name === '-y') yes = true;
    else if (name === '-h' || name === '--help') help = true;
    else if (raw.startsWith('-') && !/^-\d/.test(raw)) common.push(raw);
    else positionals.push(raw);
  }
  return isAct ? { positionals, options, dryRun, yes, help, common } : null;
}

/** What main.ts lends `act`: its setup, clocks and stores, so both read settings and secrets the same way. */
export interface ActHelpers {
  prepare(args: ReturnType<typeof parseArgs> & { ok: true }): ActSetup | { error: string };
  clock(nowMs: number | null, demoAnchorMs: number | null, forceDemo: boolean): Clock;
  memoryStore(): KeyValueStore;
}

export interface ActSetup {
  settings: Settings;
  secrets: SecretStore;
  forceDemo: boolean;
  configured: ServiceName[];
  demoAnchorMs: number | null;
}

export interface ActIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  realNow: () => number;
  /** Asks a question on the terminal; absent when stdin is not a terminal. */
  ask?: (question: string) => Promise<string>;
}

type Parsed =
  | { kind: 'write'; request: WriteActionRequest }
  | { kind: 'form'; ticketId: number; form: 'bug' | 'feature' }
  | { kind: 'playbook'; ticketId: number; id: PlaybookId }
  | { kind: 'swap'; teammateId: string; span: SwapSpan; scheduleId: string | null }
  | { kind: 'overrides_list'; scheduleId: string | null }
  | { kind: 'overrides_remove'; overrideId: string; scheduleId: string | null };

/** Runs `support-hero act ...` and resolves with the exit code. */
export async function runAct(act: ActArgs, env: NodeJS.ProcessEnv, io: ActIo, helpers: ActHelpers): Promise<number> {
  if (act.help) {
    io.stdout(ACT_USAGE);
    return 0;
  }
  const shared = parseArgs([...act.common, 'status']);
  if (!shared.ok) return usage(io, shared.message);
  const parsed = parseAct(act);
  if ('error' in parsed) return usage(io, parsed.error);
  const setup = helpers.prepare(shared);
  if ('error' in setup) {
    io.stderr(`support-hero: ${setup.error}`);
    return 2;
  }
  if (setup.forceDemo) {
    io.stderr('support-hero: no --config given, so this acts on the built-in demo data, which ends with this run.');
  }
  const { json } = shared.args;
  const clock = helpers.clock(shared.args.nowMs, setup.demoAnchorMs, setup.forceDemo);
  const timeZone = () => setup.settings.app.timeZone ?? systemTimeZone();
  let runtime: Runtime | null = null;
  try {
    runtime = await startRuntime({
      settings: setup.settings,
      secrets: setup.secrets,
      store: helpers.memoryStore(),
      notifier: { deliver: () => {} },
      clock,
      timeZone,
      forceDemo: setup.forceDemo,
      demoAnchorMs: setup.demoAnchorMs ?? io.realNow(),
    });
    const live = runtime;
    const snapshot = await live.engine.pollNow();
    const needed: ServiceName = parsed.kind === 'swap' || parsed.kind.startsWith('overrides') ? 'pagerduty' : 'zendesk';
    if (snapshot.sources[needed].failure !== null) {
      io.stderr(`support-hero: ${snapshot.sources[needed].message}`);
      return 3;
    }
    const store = actionLogStore(shared.args.config, env, setup.forceDemo, helpers, io);
    const service = createActionsService({
      settings: () => live.effectiveSettings(),
      zendeskCredentials: () => {
        if (live.demo) return { ...SANDBOX_CREDENTIALS.zendesk };
        const token = setup.secrets.get('zendeskToken');
        return token ? { email: live.effectiveSettings().zendesk.email, token } : null;
      },
      pagerdutyToken: () => (live.demo ? SANDBOX_CREDENTIALS.pagerduty.token : setup.secrets.get('pagerdutyToken')),
      snapshot: () => live.engine.snapshot(),
      repoll: () => live.engine.pollNow(),
      log: createActionLog(store),
      store,
      clock,
      timeZone,
    });
    return await perform(parsed, act, service, io, json);
  } finally {
    await runtime?.stop();
  }
}

/** The action log lives next to the alert ledger; the demo (which ends with the run) keeps it in memory. */
function actionLogStore(
  config: string | null,
  env: NodeJS.ProcessEnv,
  demo: boolean,
  helpers: ActHelpers,
  io: ActIo,
): KeyValueStore {
  if (demo) return helpers.memoryStore();
  const path = join(
    dirname(ledgerPath(config, env)),
    config === null ? 'actions.json' : `${baseName(config)}.actions.json`,
  );
  try {
    return new JsonFileStore(path);
  } catch (error) {
    io.stderr(`support-hero: cannot open the action log ${path} (${error instanceof Error ? error.message : error})`);
    return helpers.memoryStore();
  }
}

function baseName(path: string): string {
  return (path.split(/[\\/]/).pop() ?? 'config').replace(/\.[^.]*$/, '');
}

function parseAct(act: ActArgs): Parsed | { error: string } {
  const [first, second, third, ...rest] = act.positionals;
  const option = (name: string) => act.options.get(name);
  if (first === undefined) return { error: 'Name a ticket and an action, e.g. "act 12345 status --status pending"' };
  if (first === 'swap') {
    if (second !== undefined) return { error: `Unexpected argument "${second}"` };
    const teammateId = option('--user');
    if (!teammateId) return { error: 'swap needs --user ID (a teammate on the schedule)' };
    const day = option('--day');
    const from = option('--from');
    const to = option('--to');
    let span: SwapSpan;
    if (day !== undefined) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return { error: '--day needs a date such as 2026-12-01' };
      span = { kind: 'day', date: day };
    } else {
      const startMs = from === undefined ? Number.NaN : explicitInstant(from);
      const endMs = to === undefined ? Number.NaN : explicitInstant(to);
      if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
        return { error: 'swap needs --day YYYY-MM-DD, or --from and --to as ISO instants with a zone' };
      }
      span = { kind: 'range', startMs, endMs };
    }
    return { kind: 'swap', teammateId, span, scheduleId: option('--schedule') ?? null };
  }
  if (first === 'overrides') {
    // The same schedule a swap was made on (`act swap --schedule`), or the turn's first.
    const scheduleId = option('--schedule') ?? null;
    if (second === 'list' && third === undefined) return { kind: 'overrides_list', scheduleId };
    if (second === 'remove' && third !== undefined && rest.length === 0) {
      return { kind: 'overrides_remove', overrideId: third, scheduleId };
    }
    return {
      error: 'Use "act overrides list [--schedule ID]" or "act overrides remove <override-id> [--schedule ID]"',
    };
  }
  const ticketId = Number(first.replace(/^#/, ''));
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return { error: `"${first}" is not a ticket number` };
  if (second === undefined)
    return {
      error: 'Name an action: status, replied, assign-org, assign-to-me, bug-report, feature-request, playbook',
    };
  if (second !== 'playbook' && third !== undefined) return { error: `Unexpected argument "${third}"` };
  switch (second) {
    case 'status': {
      const status = option('--status');
      if (status !== 'pending' && status !== 'hold' && status !== 'solved') {
        return { error: 'status needs --status pending, hold or solved' };
      }
      const note = option('--note');
      return {
        kind: 'write',
        request: {
          action: 'status',
          ticketId,
          params: { status: status as SettableStatus, ...(note === undefined ? {} : { note }) },
        },
      };
    }
    case 'replied': {
      const status = option('--status');
      if (status !== undefined && status !== 'pending' && status !== 'solved') {
        return { error: 'replied takes --status pending or solved' };
      }
      const link = option('--link');
      return {
        kind: 'write',
        request: {
          action: 'replied_on_website',
          ticketId,
          params: {
            ...(status === undefined ? {} : { status: status as 'pending' | 'solved' }),
            ...(link === undefined ? {} : { questionUrl: link }),
          },
        },
      };
    }
    case 'assign-org': {
      const rawId = option('--org-id');
      const organizationId = rawId === undefined ? undefined : Number(rawId);
      if (organizationId !== undefined && (!Number.isSafeInteger(organizationId) || organizationId <= 0)) {
        return { error: '--org-id needs a Zendesk organization id (a number)' };
      }
      const name = option('--org');
      return {
        kind: 'write',
        request: {
          action: 'assign_org',
          ticketId,
          params: {
            ...(organizationId === undefined ? {} : { organizationId }),
            ...(name === undefined ? {} : { name }),
          },
        },
      };
    }
    case 'assign-to-me':
      return { kind: 'write', request: { action: 'assign_to_me', ticketId, params: {} } };
    case 'bug-report':
      return { kind: 'form', ticketId, form: 'bug' };
    case 'feature-request':
      return { kind: 'form', ticketId, form: 'feature' };
    case 'playbook': {
      if (third === undefined || !(third in PLAYBOOK_TITLES) || rest.length > 0) {
        return { error: `playbook needs one of: ${Object.keys(PLAYBOOK_TITLES).join(', ')}` };
      }
      return { kind: 'playbook', ticketId, id: third as PlaybookId };
    }
    default:
      return { error: `Unknown action "${second}"` };
  }
}

async function perform(
  parsed: Parsed,
  act: ActArgs,
  service: ActionsService,
  io: ActIo,
  json: boolean,
): Promise<number> {
  switch (parsed.kind) {
    case 'form': {
      const form = await service.issueForm(parsed.ticketId, parsed.form);
      if ('error' in form) return refused(io, form.error, json);
      if (json) io.stdout(inertJson(form, 2));
      else io.stdout([form.url, '', 'Then:', ...form.followUps.map((step) => `- ${step}`)].join('\n'));
      return 0;
    }
    case 'playbook': {
      const filled = await service.playbook(parsed.ticketId, parsed.id);
      if ('error' in filled) return refused(io, filled.error, json);
      io.stdout(json ? inertJson(filled, 2) : filled.text);
      return 0;
    }
    case 'overrides_list': {
      const listed = await service.listOverrides(parsed.scheduleId);
      if ('error' in listed) return refused(io, listed.error, json);
      if (json) io.stdout(inertJson(listed, 2));
      else if (listed.overrides.length === 0) io.stdout('You have no overrides on this turn.');
      else for (const override of listed.overrides) io.stdout(`${override.id}  ${override.sentence}`);
      return 0;
    }
    case 'overrides_remove': {
      // The window's sentence (who covers which schedule, from when to when), from the listing main removes from.
      const listed = await service.listOverrides(parsed.scheduleId);
      if ('error' in listed) return refused(io, listed.error, json);
      const override = listed.overrides.find((item) => item.id === parsed.overrideId);
      if (!override) {
        return refused(
          io,
          `Override ${plainText(parsed.overrideId, 64)} is not one of your upcoming overrides on ${listed.scheduleName}; "support-hero act overrides list${parsed.scheduleId ? ` --schedule ${plainText(parsed.scheduleId, 64)}` : ''}" shows them.`,
          json,
        );
      }
      return confirmAndRun(io, act, json, { confirmation: override.sentence, requests: [], note: null }, () =>
        service.removeOverride(override.id, listed.scheduleId),
      );
    }
    case 'swap': {
      const input = { teammateId: parsed.teammateId, span: parsed.span, scheduleId: parsed.scheduleId };
      const preview = await service.planSwap(input);
      if (preview.kind === 'refused') {
        const people = preview.teammates.map((person) => `  ${person.id}  ${person.name}`);
        return refused(
          io,
          [preview.message, ...(people.length > 0 ? ['On the schedule:', ...people] : [])].join('\n'),
          json,
        );
      }
      return confirmAndRun(io, act, json, preview, () => service.runSwap(input));
    }
    case 'write': {
      const preview = await service.plan(parsed.request);
      return writePreview(preview, parsed.request, act, service, io, json);
    }
  }
}

async function writePreview(
  preview: ActionPreview,
  request: WriteActionRequest,
  act: ActArgs,
  service: ActionsService,
  io: ActIo,
  json: boolean,
): Promise<number> {
  if (preview.kind === 'refused') return refused(io, preview.message, json);
  if (preview.kind === 'choose_org') {
    if (json) io.stdout(inertJson(preview, 2));
    else {
      io.stdout(preview.message);
      for (const org of preview.candidates) io.stdout(`  ${org.id}  ${org.name}`);
      io.stdout(`(looked up with ${preview.lookup.method} ${preview.lookup.url})`);
      io.stdout('Run again with --org-id ID to move the requester to one of them.');
    }
    return 2;
  }
  const lookup = preview.lookup ? [{ ...preview.lookup, note: 'the lookup (a read, already sent)' }] : [];
  return confirmAndRun(
    io,
    act,
    json,
    { confirmation: preview.confirmation, requests: [...lookup, ...preview.requests], note: null },
    () => service.run(request),
  );
}

async function confirmAndRun(
  io: ActIo,
  act: ActArgs,
  json: boolean,
  preview: { confirmation: string; requests: (RequestSummary & { note?: string })[]; note: string | null },
  run: () => Promise<ActionRunResult>,
): Promise<number> {
  if (act.dryRun) {
    if (json) io.stdout(inertJson({ dryRun: true, ...preview }, 2));
    else {
      io.stdout(`Would: ${preview.confirmation}`);
      io.stdout('Requests:');
      for (const request of preview.requests) {
        io.stdout(`  ${request.method} ${request.url}${request.note ? `  (${request.note})` : ''}`);
        if (request.body !== null && request.body !== undefined) io.stdout(`    ${JSON.stringify(request.body)}`);
      }
      if (preview.note) io.stdout(preview.note);
      io.stdout('Nothing was changed (--dry-run).');
    }
    return 0;
  }
  if (!act.yes) {
    if (!io.ask) {
      io.stderr(
        `support-hero: ${preview.confirmation}\nsupport-hero: not a terminal, so not confirmed: add --yes to send it.`,
      );
      return 2;
    }
    const answer = await io.ask(`${preview.confirmation}\nSend this change? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stderr('support-hero: not sent.');
      return 2;
    }
  }
  const result = await run();
  if (json) io.stdout(inertJson(result, 2));
  else io.stdout(result.message);
  if (result.result === 'applied' || result.result === 'already_applied') return 0;
  if (result.result === 'refused') return 2;
  if (!json) io.stderr(`support-hero: ${result.result}${result.permission ? ` (needs: ${result.permission})` : ''}`);
  return EXIT_ACTION_NOT_DONE;
}

function refused(io: ActIo, message: string, json: boolean): number {
  if (json) io.stdout(inertJson({ result: 'refused', message }, 2));
  io.stderr(`support-hero: ${message}`);
  return 2;
}

function usage(io: ActIo, message: string): number {
  io.stderr(`support-hero: ${message}\nRun "support-hero act --help" for usage.`);
  return 2;
}
