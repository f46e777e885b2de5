// Renderer test setup (jest-dom matchers, a clean DOM, store and bridge per test).
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { setBridge } from '../../src/renderer/bridge';
import { resetAppStore } from '../../src/renderer/store';

// jsdom does no layout, and the queue's virtualizer sizes itself from its scroll element: give every element
// the box of the real 400 x 600 window so rows render as they would there.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 400 });

afterEach(() => {
  cleanup();
  resetAppStore();
  setBridge(null);
});
