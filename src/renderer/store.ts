/**
 * The renderer's state: a mirror of the latest snapshot main pushed, plus what is purely about this window
 * (which view, the filter, the active row, what the user revealed or expanded). No business rules live here.
 */
import { create } from 'zustand';
import type { Snapshot } from '../shared/domain';
import type { Notice } from '../shared/ipc';

export type ViewName = 'queue' | 'settings';

export interface AppState {
  snapshot: Snapshot | null;
  view: ViewName;
  /** Wall-clock time the countdowns are drawn against; ticks in the App. */
  now: number;
  filter: string;
  /** The row the keyboard is on (aria-activedescendant): a key from queue/groups (`ticket:1`, `slack:C1/1.2`). */
  activeRow: string | null;
  otherExpanded: boolean;
  /** Content-warning tickets the user chose to see. */
  revealed: Record<number, true>;
  /** Text for the polite live region (refresh results, copies). */
  announcement: string;
  refreshing: boolean;
  /** Main's open notices, oldest first (main holds the list; this mirrors it). */
  notices: Notice[];
  setSnapshot(snapshot: Snapshot | null): void;
  setView(view: ViewName): void;
  setNow(now: number): void;
  setFilter(filter: string): void;
  setActive(rowKey: string | null): void;
  toggleOther(): void;
  reveal(ticketId: number): void;
  announce(text: string): void;
  setRefreshing(refreshing: boolean): void;
  /** Adds pushed or fetched notices; one with a known id replaces the one shown. */
  addNotices(notices: Notice[]): void;
  removeNotice(id: string): void;
}

const initial = () => ({
  snapshot: null,
  view: 'queue' as ViewName,
  now: Date.now(),
  filter: '',
  activeRow: null,
  otherExpanded: false,
  revealed: {},
  announcement: '',
  refreshing: false,
  notices: [] as Notice[],
});

export const useAppStore = create<AppState>()((set) => ({
  ...initial(),
  setSnapshot: (snapshot) => set({ snapshot }),
  setView: (view) => set({ view }),
  setNow: (now) => set({ now }),
  setFilter: (filter) => set({ filter }),
  setActive: (activeRow) => set({ activeRow }),
  toggleOther: () => set((state) => ({ otherExpanded: !state.otherExpanded })),
  reveal: (ticketId) => set((state) => ({ revealed: { ...state.revealed, [ticketId]: true } })),
  announce: (announcement) => set({ announcement }),
  setRefreshing: (refreshing) => set({ refreshing }),
  addNotices: (added) =>
    set((state) => {
      const ids = new Set(added.map((n) => n.id));
      return { notices: [...state.notices.filter((n) => !ids.has(n.id)), ...added] };
    }),
  removeNotice: (id) => set((state) => ({ notices: state.notices.filter((n) => n.id !== id) })),
}));

/** Back to a fresh window (tests, and the benchmark between runs). */
export function resetAppStore(): void {
  useAppStore.setState(initial());
}
