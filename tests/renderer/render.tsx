/** Renders the whole window over a fake bridge, at a fixed "now". */
import { render } from '@testing-library/react';
import { App } from '../../src/renderer/App';
import { setBridge } from '../../src/renderer/bridge';
import { useAppStore } from '../../src/renderer/store';
import { type FakeBridge, NOW } from './fixtures';

export function renderApp(bridge: FakeBridge, now = NOW) {
  setBridge(bridge);
  useAppStore.setState({ now });
  return render(<App />);
}
