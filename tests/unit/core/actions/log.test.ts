import { describe, expect, it } from 'vitest';
import { type ActionLogEntry, createActionLog } from '../../../../src/main/core/actions/log';
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
