import { describe, expect, it } from 'vitest';
import { type ActionLogEntry, createActionLog, type TurnActionLogEntry } from '../../../../src/main/core/actions/log';
import { memoryStore } from '../../../support/factories';

const entry = (overrides: Partial<ActionLogEntry> = {}): ActionLogEntry => ({
  at: 1_764_493_200_000,
  action: 'status',
  ticketId: 48_128,
  result: 'applied',
  summary: 'status pending with internal note',
  requests: 1,
  ...overrides,
});

describe('action log', () => {
  it('records entries through the store and reads them back', () => {
    const store = memoryStore();
    createActionLog(store).record(entry());
    expect(createActionLog(store).entries()).toEqual([entry()]);
  });

  it('keeps only the most recent entries', () => {
    const store = memoryStore();
    const log = createActionLog(store, { limit: 3 });
    for (let index = 1; index <= 5; index++) log.record(entry({ ticketId: index }));
    expect(log.entries().map((item) => item.ticketId)).toEqual([3, 4, 5]);
  });

  it('drops what fails validation on read and refuses to write it', () => {
    const store = memoryStore();
    store.set('actionLog', {
      version: 1,
      entries: [entry(), { ...entry(), action: 'delete_everything' }, { ...entry(), ticketId: -1 }, 'junk', null],
    });
    expect(createActionLog(store).entries()).toEqual([entry()]);
    store.set('actionLog', 'not a log');
    expect(createActionLog(store).entries()).toEqual([]);
    expect(() => createActionLog(store).record({ ...entry(), result: 'weird' as 'applied' })).toThrow();
  });

  it('keeps only the fields it knows: extra data never reaches the store', () => {
    const store = memoryStore();
    createActionLog(store).record({ ...entry(), note: 'customer secret' } as ActionLogEntry);
    expect(JSON.stringify(store.get('actionLog'))).not.toContain('customer secret');
  });
});

describe('turn actions in the log', () => {
  const swap = (overrides: Partial<TurnActionLogEntry> = {}): TurnActionLogEntry => ({
    at: 1_764_493_200_000,
    action: 'swap',
    ticketId: null,
    scheduleId: 'PXUZ9XL',
    scheduleName: 'Product Analytics',
    overrideIds: ['Q000001'],
    result: 'applied',
    summary: 'Robin Rotation covers Product Analytics 2026-12-01 09:00 to 2026-12-02 09:00',
    requests: 1,
    ...overrides,
  });

  it('records swaps and removals beside ticket actions, in order', () => {
    const store = memoryStore();
    const log = createActionLog(store);
    log.record(entry());
    log.record(swap());
    log.record(swap({ action: 'remove_override', result: 'already_applied' }));
    expect(createActionLog(store).entries()).toEqual([
      entry(),
      swap(),
      swap({ action: 'remove_override', result: 'already_applied' }),
    ]);
  });

  it('drops a turn entry with a bad schedule or override id, or a ticket id', () => {
    const store = memoryStore();
    store.set('actionLog', {
      version: 1,
      entries: [
        swap(),
        swap({ scheduleId: '../users' }),
        swap({ overrideIds: ['Q1', 'a/b'] }),
        { ...swap(), ticketId: 5 },
        { ...swap(), scheduleName: 'x'.repeat(81) },
        { ...swap(), action: 'swap_everything' },
      ],
    });
    expect(createActionLog(store).entries()).toEqual([swap()]);
  });

  it('keeps only the fields it knows (no token, no extra text)', () => {
    const store = memoryStore();
    createActionLog(store).record({ ...swap(), token: 'u+secret' } as TurnActionLogEntry);
    expect(JSON.stringify(store.get('actionLog'))).not.toContain('u+secret');
  });
});
