/** The built page the browser tests serve: out/renderer, built by the shared builder with the rest of the app. */
import { ensureBuilt, OUT, ROOT } from '../../support/build';

export { ROOT };
export const RENDERER_OUT = OUT.renderer;

/** Builds the app if needed; returns the page's directory. */
export async function ensureRendererBuilt(): Promise<string> {
  ensureBuilt();
  return RENDERER_OUT;
}
