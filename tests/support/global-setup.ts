/** Vitest global setup: build the app once, before any test file that runs the built bundles starts. */
import { ensureBuilt } from './build';

export default function setup(): void {
  ensureBuilt();
}
