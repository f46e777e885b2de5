/// <reference types="vite/client" />
import type { SupportHeroApi } from '../preload/index';

declare global {
  interface Window {
    /** The preload's narrow API; the only way the page reaches main. */
    supportHero: SupportHeroApi;
  }
}
