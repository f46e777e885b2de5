/**
 * The page's one door to main. Everything in the renderer reaches `window.supportHero` through here, so tests
 * can hand in a fake without touching globals.
 */
import type { SupportHeroApi } from '../preload/index';

export type Bridge = SupportHeroApi;

let override: Bridge | null = null;

/** The preload's API, or the one a test installed. */
export function bridge(): Bridge {
  return override ?? window.supportHero;
}

/** Installs (or with `null` removes) a stand-in bridge; for tests and the benchmark page. */
export function setBridge(next: Bridge | null): void {
  override = next;
}
