/**
 * The swap channels (issue 13, workflow 6): the page names a schedule of the user's turn, a teammate id and a
 * day or local range, or an override id; the swap service checks them against main's own snapshot and
 * PagerDuty's schedule and builds every request. The page gets sentences back, never a token or a URL.
 */
import type { ActionRunView, OverridesListView, SwapOptionsView, SwapPlanView, SwapRequest } from '../../shared/ipc';
import { requestLine } from '../core/actions/catalog';
import type { ActionsService, SwapInput } from '../runtime/actions';
import type { IpcBridge } from './ipc';

/** The part of the actions service the swap dialog uses. */
export type SwapFace = Pick<
  ActionsService,
  'swapOptions' | 'planSwap' | 'runSwap' | 'listOverrides' | 'removeOverride'
>;

/** The page's request as the service's input: a range stays local time, for main to convert in the app's zone. */
export function swapInputOf(request: SwapRequest): SwapInput {
  const span =
    request.span.kind === 'day'
      ? { kind: 'day' as const, date: request.span.date }
      : { kind: 'local' as const, from: request.span.from, to: request.span.to };
  return { scheduleId: request.scheduleId, teammateId: request.teammateId, span };
}

function runView(result: { result: string; message: string; permission: string | null }): ActionRunView {
  return { result: result.result, message: result.message, permission: result.permission };
}

/** Registers `swap:options`, `swap:plan`, `swap:run`, `overrides:list` and `override:remove`. */
export function registerSwapHandlers(bridge: IpcBridge, swaps: SwapFace | null): void {
  const unavailable = (channel: string) => new Error(`Support Hero refused ${channel}: swaps are not available`);
  bridge.handle('swap:options', async (): Promise<SwapOptionsView> => {
    if (!swaps) throw unavailable('swap:options');
    const options = await swaps.swapOptions();
    return options.ok ? { ok: true, timeZone: options.timeZone, turns: options.turns } : options;
  });
  bridge.handle('swap:plan', async (request): Promise<SwapPlanView> => {
    if (!swaps) throw unavailable('swap:plan');
    const preview = await swaps.planSwap(swapInputOf(request));
    return preview.kind === 'refused'
      ? { kind: 'refused', message: preview.message }
      : { kind: 'confirm', confirmation: preview.confirmation, requests: preview.requests.map(requestLine) };
  });
  bridge.handle('swap:run', async (request) => {
    if (!swaps) throw unavailable('swap:run');
    return runView(await swaps.runSwap(swapInputOf(request)));
  });
  bridge.handle('overrides:list', async ({ scheduleId }): Promise<OverridesListView> => {
    if (!swaps) throw unavailable('overrides:list');
    const listing = await swaps.listOverrides(scheduleId);
    if ('error' in listing) return { ok: false, message: listing.error };
    return {
      ok: true,
      scheduleId: listing.scheduleId,
      scheduleName: listing.scheduleName,
      overrides: listing.overrides.map((override) => ({
        id: override.id,
        scheduleId: override.scheduleId,
        who: override.who,
        startMs: Date.parse(override.start),
        endMs: Date.parse(override.end),
        sentence: override.sentence,
        coverage: override.coverage,
        inProgress: override.inProgress,
        removable: override.removable,
      })),
    };
  });
  bridge.handle('override:remove', async ({ scheduleId, overrideId }) => {
    if (!swaps) throw unavailable('override:remove');
    return runView(await swaps.removeOverride(overrideId, scheduleId));
  });
}
