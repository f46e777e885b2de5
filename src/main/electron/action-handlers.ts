/**
 * The action channels (issue 13): the page names an action on a ticket id; the actions service plans it from
 * main's own snapshot and builds every request and URL. The page gets sentences back, never a token or a URL
 * to open itself; the GitHub issue form is opened by main, through the link allow-list.
 */
import type {
  ActionOffersView,
  ActionPlanView,
  ActionRunView,
  ClipboardRequest,
  ClipboardResponse,
  TicketActionRequest,
} from '../../shared/ipc';
import { requestLine } from '../core/actions/catalog';
import { clipboardText, teamChannelMessage } from '../core/actions/github-forms';
import type { LinkOpener } from '../core/ports';
import type { ActionsService, WriteActionRequest } from '../runtime/actions';
import type { IpcBridge } from './ipc';
import { registerSwapHandlers, type SwapFace } from './swap-handlers';

/** The part of the actions service the window uses; without the swap part, the swap channels refuse. */
export type ActionsFace = Pick<ActionsService, 'plan' | 'run' | 'issueForm' | 'playbook' | 'entries' | 'offers'> &
  Partial<SwapFace>;

/** The system clipboard (Electron's `clipboard` in main): the page's own clipboard permission is denied. */
export interface ClipboardWriter {
  writeText(text: string): void;
}

const FORM_WORDS = { bug_report: 'bug report', feature_request: 'feature request' } as const;

/** The page's request as the service's write request, or why it cannot be one. */
export function writeRequestOf(request: TicketActionRequest): WriteActionRequest | { refused: string } {
  const { ticketId, params } = request;
  switch (request.action) {
    case 'status':
      if (!params.status) return { refused: 'Choose a status: Pending, On-hold or Solved.' };
      return {
        action: 'status',
        ticketId,
        params: { status: params.status, ...(params.note === undefined ? {} : { note: params.note }) },
      };
    case 'replied_on_website':
      if (params.status === 'hold') return { refused: 'After a reply on the website, choose Pending or Solved.' };
      return {
        action: 'replied_on_website',
        ticketId,
        params: {
          ...(params.status === undefined ? {} : { status: params.status }),
          ...(params.questionUrl === undefined ? {} : { questionUrl: params.questionUrl }),
        },
      };
    case 'assign_org':
      return {
        action: 'assign_org',
        ticketId,
        params: params.organizationId === undefined ? {} : { organizationId: params.organizationId },
      };
    case 'assign_to_me':
      return { action: 'assign_to_me', ticketId, params: {} };
    default:
      return { refused: `"${request.action}" does not change the ticket.` };
  }
}

/** Plans an action for the confirmation dialog. */
export async function planForWindow(actions: ActionsFace, request: TicketActionRequest): Promise<ActionPlanView> {
  if (request.action === 'bug_report' || request.action === 'feature_request') {
    const form = await actions.issueForm(request.ticketId, request.action === 'bug_report' ? 'bug' : 'feature');
    if ('error' in form) return { kind: 'refused', message: form.error };
    return {
      kind: 'issue_form',
      confirmation: `Open GitHub's ${FORM_WORDS[request.action]} form for PostHog/posthog, prefilled from ticket #${request.ticketId} (nothing is filed until you submit it there).`,
      followUps: form.followUps,
    };
  }
  if (request.action === 'playbook') {
    if (!request.params.playbook) return { kind: 'refused', message: 'Choose a playbook.' };
    const guide = await actions.playbook(request.ticketId, request.params.playbook);
    if ('error' in guide) return { kind: 'refused', message: guide.error };
    const { id, title, warning, steps, templates } = guide.playbook;
    return { kind: 'guide', text: guide.text, playbook: { id, title, warning, steps, templates } };
  }
  const write = writeRequestOf(request);
  if ('refused' in write) return { kind: 'refused', message: write.refused };
  const preview = await actions.plan(write);
  if (preview.kind === 'refused') return { kind: 'refused', message: preview.message };
  if (preview.kind === 'choose_org') {
    return { kind: 'choose_org', message: preview.message, candidates: preview.candidates };
  }
  return { kind: 'confirm', confirmation: preview.confirmation, requests: preview.requests.map(requestLine) };
}

/** Sends a confirmed action (or opens the issue form through the allow-listed opener). */
export async function runForWindow(
  actions: ActionsFace,
  links: LinkOpener,
  request: TicketActionRequest,
): Promise<ActionRunView> {
  if (request.action === 'bug_report' || request.action === 'feature_request') {
    const form = await actions.issueForm(request.ticketId, request.action === 'bug_report' ? 'bug' : 'feature');
    if ('error' in form) return { result: 'refused', message: form.error, permission: null };
    await links.open(form.url);
    return { result: 'applied', message: `Opened the ${FORM_WORDS[request.action]} form on GitHub.`, permission: null };
  }
  const write = writeRequestOf(request);
  if ('refused' in write) return { result: 'refused', message: write.refused, permission: null };
  const result = await actions.run(write);
  return { result: result.result, message: result.message, permission: result.permission };
}

/** The offers for the dialog: only ids and titles the catalog knows, never ticket text. */
export async function offersForWindow(actions: ActionsFace, ticketId: number): Promise<ActionOffersView> {
  const offers = await actions.offers(ticketId);
  return {
    assignToMe: offers.assignToMe,
    playbooks: offers.playbooks.map(({ id, title, reason }) => ({ id, title, reason })),
  };
}

/** The swap part of a face, when it has all of it. */
function swapFaceOf(actions: ActionsFace | null): SwapFace | null {
  if (!actions) return null;
  const { swapOptions, planSwap, runSwap, listOverrides, removeOverride } = actions;
  if (!swapOptions || !planSwap || !runSwap || !listOverrides || !removeOverride) return null;
  return {
    swapOptions: swapOptions.bind(actions),
    planSwap: planSwap.bind(actions),
    runSwap: runSwap.bind(actions),
    listOverrides: listOverrides.bind(actions),
    removeOverride: removeOverride.bind(actions),
  };
}

/** Where main finds the texts the page may name for the clipboard. */
export interface ClipboardSources {
  /** Re-fills a playbook from the ticket; `null` when no actions service is wired. */
  actions: Pick<ActionsFace, 'playbook'> | null;
  /** The handover Markdown, as `handover:markdown` answers it (empty before the first snapshot). */
  handover(): string;
}

/** The text a request names, built by main, or why there is none. */
async function textToCopy(
  sources: ClipboardSources,
  request: ClipboardRequest,
): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  if ('teamMessage' in request) {
    const message = teamChannelMessage(request.teamMessage.issueUrl);
    return message.ok ? { ok: true, text: message.text } : { ok: false, message: message.reason };
  }
  if ('handover' in request) return { ok: true, text: sources.handover() };
  const { ticketId, playbook, index } = request.template;
  if (!sources.actions) return { ok: false, message: 'Playbooks are not available.' };
  const guide = await sources.actions.playbook(ticketId, playbook);
  if ('error' in guide) return { ok: false, message: guide.error };
  const template = guide.playbook.templates[index];
  if (!template) return { ok: false, message: `The ${guide.playbook.title} playbook has no such template.` };
  return { ok: true, text: template.text };
}

/**
 * Copies what the page named: a playbook template (re-filled from the ticket), the team-channel message (built
 * from a PostHog/posthog issue link) or the handover Markdown. Main builds every text, so the page cannot put
 * anything else on the clipboard; unseen characters are removed before it is written.
 */
async function copyForWindow(
  clipboard: ClipboardWriter,
  sources: ClipboardSources,
  request: ClipboardRequest,
): Promise<ClipboardResponse> {
  const found = await textToCopy(sources, request);
  if (!found.ok) return found;
  const text = clipboardText(found.text);
  if (text.trim() === '') return { ok: false, message: 'There is nothing to copy.' };
  try {
    clipboard.writeText(text);
  } catch {
    return { ok: false, message: 'The clipboard could not be written; select the text and copy it.' };
  }
  return { ok: true, copied: text };
}

/**
 * Registers `action:plan`, `action:run`, `actions:log`, `action:offers` and the swap channels (refusing when no
 * service is wired) and `clipboard:write` (refusing when no clipboard is wired), which copies `handover()` when
 * the page asks for the handover.
 */
export function registerActionHandlers(
  bridge: IpcBridge,
  actions: ActionsFace | null,
  links: LinkOpener,
  clipboard: ClipboardWriter | null = null,
  handover: () => string = () => '',
): void {
  const unavailable = (channel: string) => new Error(`Support Hero refused ${channel}: actions are not available`);
  bridge.handle('action:plan', (request) => {
    if (!actions) throw unavailable('action:plan');
    return planForWindow(actions, request);
  });
  bridge.handle('action:run', (request) => {
    if (!actions) throw unavailable('action:run');
    return runForWindow(actions, links, request);
  });
  bridge.handle('action:offers', ({ ticketId }) => {
    if (!actions) throw unavailable('action:offers');
    return offersForWindow(actions, ticketId);
  });
  bridge.handle('clipboard:write', (request) => {
    if (!clipboard) throw new Error('Support Hero refused clipboard:write: no clipboard');
    return copyForWindow(clipboard, { actions, handover }, request);
  });
  bridge.handle('actions:log', () =>
    (actions?.entries() ?? []).map((entry) =>
      entry.ticketId === null
        ? {
            at: entry.at,
            action: entry.action,
            ticketId: null,
            result: entry.result,
            summary: entry.summary,
            schedule: entry.scheduleName,
          }
        : {
            at: entry.at,
            action: entry.action,
            ticketId: entry.ticketId,
            result: entry.result,
            summary: entry.summary,
          },
    ),
  );
  registerSwapHandlers(bridge, swapFaceOf(actions));
}
