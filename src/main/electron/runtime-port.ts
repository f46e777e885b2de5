/**
 * What the Electron face uses of the runtime (src/main/runtime.ts), named here so the adapters and their
 * tests depend on this small surface rather than on everything the runtime offers.
 */
import type { Snapshot } from '../../shared/domain';
import type {
  PauseRequest,
  PickerListRequest,
  PickerListResponse,
  TestConnectionRequest,
  TestConnectionResponse,
} from '../../shared/ipc';
import type { Settings } from '../../shared/settings';

export interface RuntimeEngine {
  start(): void;
  stop(): Promise<void> | void;
  pollNow(): Promise<Snapshot>;
  wake(): void;
  snapshot(): Snapshot | null;
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  pause(request: PauseRequest): Snapshot;
}

export interface RuntimePort {
  engine: RuntimeEngine;
  demo: boolean;
  sandbox?: { subdomain?: string } | null;
  applySettings(settings: Settings): Promise<unknown> | unknown;
  testConnection(request: TestConnectionRequest): Promise<TestConnectionResponse>;
  listPicker(
    kind: 'zendesk:views' | 'zendesk:orgFields' | 'pagerduty:schedules',
    request: PickerListRequest,
  ): Promise<PickerListResponse>;
  stop(): Promise<void> | void;
}
