import { describe, expect, it } from 'vitest';
import {
  CURRENT_SETTINGS_VERSION,
  DEFAULT_SETTINGS,
  DEFAULT_TIER_RULES,
  effectiveRules,
  migrateSettings,
  validateSettings,
} from '../../../src/main/core/settings';
import type { Settings } from '../../../src/shared/settings';

function withChange(change: (s: Settings) => void): Settings {
  const copy = structuredClone(DEFAULT_SETTINGS);
  change(copy);
  return copy;
}

describe('defaults follow the handbook', () => {
  it('warns 3h, 2h and 1h before an SLA breach, and treats 3h as nearing breach', () => {
    expect(DEFAULT_SETTINGS.notifications.slaWarningMinutes).toEqual([180, 120, 60]);
    expect(DEFAULT_SETTINGS.priority.nearingBreachMinutes).toBe(180);
  });

  it('has the Slack tier first, then the five handbook tiers in order, tiers 1-4 handed over', () => {
    expect(DEFAULT_TIER_RULES.map((r) => [r.id, r.handover])).toEqual([
      ['slack_customer_success', true],
      ['customer_success', true],
      ['escalated_high', true],
      ['escalated_normal', true],
      ['nearing_breach', true],
      ['low', false],
    ]);
  });

  it('are valid and at the current version', () => {
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(DEFAULT_SETTINGS.version).toBe(CURRENT_SETTINGS_VERSION);
  });

  it('uses the user rule table when there is one', () => {
    const rules = [{ id: 'mine', label: 'Mine', when: { tagsAny: ['top_20'] }, handover: true }];
    expect(effectiveRules(DEFAULT_SETTINGS)).toBe(DEFAULT_TIER_RULES);
    expect(
      effectiveRules(
        withChange((s) => {
          s.priority.rules = rules;
        }),
      ),
    ).toEqual(rules);
  });
});

describe('validateSettings', () => {
  it.each<[string, (s: Settings) => void, string]>([
    [
      'bad subdomain',
      (s) => {
        s.zendesk.subdomain = 'Post Hog';
      },
      'zendesk.subdomain',
    ],
    [
      'leading dash subdomain',
      (s) => {
        s.zendesk.subdomain = '-posthog';
      },
      'zendesk.subdomain',
    ],
    [
      'horizon 0 days',
      (s) => {
        s.pagerduty.horizonDays = 0;
      },
      'pagerduty.horizonDays',
    ],
    [
      'horizon 91 days',
      (s) => {
        s.pagerduty.horizonDays = 91;
      },
      'pagerduty.horizonDays',
    ],
    [
      'zendesk poll 14s',
      (s) => {
        s.polling.zendeskSeconds = 14;
      },
      'polling.zendeskSeconds',
    ],
    [
      'pagerduty poll 59s',
      (s) => {
        s.polling.pagerdutySeconds = 59;
      },
      'polling.pagerdutySeconds',
    ],
    [
      'timeout 0',
      (s) => {
        s.polling.timeoutSeconds = 0;
      },
      'polling.timeoutSeconds',
    ],
    [
      'timeout 121',
      (s) => {
        s.polling.timeoutSeconds = 121;
      },
      'polling.timeoutSeconds',
    ],
    [
      '4 SLA thresholds',
      (s) => {
        s.notifications.slaWarningMinutes = [240, 180, 120, 60];
      },
      'notifications.slaWarningMinutes',
    ],
    [
      'negative threshold',
      (s) => {
        s.notifications.slaWarningMinutes = [-5];
      },
      'notifications.slaWarningMinutes.0',
    ],
    [
      'bad time',
      (s) => {
        s.notifications.workingHours.start = '9am';
      },
      'notifications.workingHours.start',
    ],
    [
      '25:00',
      (s) => {
        s.notifications.workingHours.end = '25:00';
      },
      'notifications.workingHours.end',
    ],
    [
      'end before start',
      (s) => {
        s.notifications.workingHours.end = '08:00';
      },
      'notifications.workingHours.end',
    ],
    [
      'day 7',
      (s) => {
        s.notifications.workingHours.days = [7];
      },
      'notifications.workingHours.days.0',
    ],
    [
      'unknown zone',
      (s) => {
        s.app.timeZone = 'Mars/Olympus';
      },
      'app.timeZone',
    ],
    [
      'reserved tier id',
      (s) => {
        s.priority.rules = [{ id: 'other', label: 'x', when: {}, handover: false }];
      },
      'priority.rules.0.id',
    ],
    [
      'wrong type',
      (s) => {
        (s.polling as { zendeskSeconds: unknown }).zendeskSeconds = 'fast';
      },
      'polling.zendeskSeconds',
    ],
  ])('rejects %s with a dotted path', (_name, change, path) => {
    const result = validateSettings(withChange(change));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.path)).toContain(path);
      for (const error of result.errors) expect(error.message.length).toBeGreaterThan(3);
    }
  });

  it.each<[string, (s: Settings) => void]>([
    [
      'configured account',
      (s) => Object.assign(s.zendesk, { subdomain: 'posthoghelp', email: 'ada@posthog.com', viewIds: [1] }),
    ],
    [
      'horizon 90',
      (s) => {
        s.pagerduty.horizonDays = 90;
      },
    ],
    [
      'zendesk poll 15s',
      (s) => {
        s.polling.zendeskSeconds = 15;
      },
    ],
    [
      'no SLA warnings',
      (s) => {
        s.notifications.slaWarningMinutes = [];
      },
    ],
    [
      'a zone',
      (s) => {
        s.app.timeZone = 'Europe/London';
      },
    ],
  ])('accepts %s', (_name, change) => {
    expect(validateSettings(withChange(change)).ok).toBe(true);
  });

  it('takes the Slack ids the pickers offer (the shared patterns), no longer ones', () => {
    const errorsFor = (slack: Partial<Settings['slack']>) => {
      const result = validateSettings(withChange((s) => Object.assign(s.slack, slack)));
      return result.ok ? [] : result.errors.map((e) => e.path);
    };
    const longest = 'A'.repeat(30);
    expect(
      errorsFor({ channelIds: [`C${longest}`, 'G0PRIV001'], csUserGroupId: `S${longest}`, teamId: 'E0GRID001' }),
    ).toEqual([]);
    expect(errorsFor({ channelIds: [`C${longest}A`], myGroupId: `S${longest}A`, teamId: 'U0NOTTEAM1' })).toEqual([
      'slack.channelIds.0',
      'slack.myGroupId',
      'slack.teamId',
    ]);
  });

  it('never throws on garbage', () => {
    for (const value of [undefined, null, 42, 'x', [], { zendesk: 1 }]) expect(validateSettings(value).ok).toBe(false);
  });

  it('refuses an API base that would send a token in clear text or with credentials, as the CLI does', () => {
    const errorFor = (baseUrl: string) => {
      const result = validateSettings(withChange((s) => Object.assign(s.zendesk, { baseUrl })));
      return result.ok ? null : (result.errors.find((e) => e.path === 'zendesk.baseUrl')?.message ?? null);
    };
    expect(errorFor('http://zendesk.example.com/api/v2')).toMatch(
      /^plain http:\/\/ would send the API token in clear text/,
    );
    expect(errorFor('https://user:pw@proxy.example.com')).toContain('user name or password');
    expect(errorFor('not a url')).toContain('is not a full http(s) address');
    expect(errorFor('https://proxy.example.com/api/v2')).toBeNull();
    expect(errorFor('http://127.0.0.1:4010/api/v2')).toBeNull();
    expect(errorFor('http://localhost:4010/api/v2')).toBeNull();
  });
});

describe('migrateSettings', () => {
  it('starts from defaults without a notice on first run', () => {
    expect(migrateSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, notice: null });
  });

  it('upgrades the flat v0 shape', () => {
    const { settings, notice } = migrateSettings({
      zendeskSubdomain: 'posthoghelp',
      zendeskEmail: 'ada@posthog.com',
      zendeskViewId: 17989255082139,
      pagerdutyScheduleId: 'PXUZ9XL',
      pollSeconds: 120,
      escalationTag: 'escalated_to_eng',
    });
    expect(settings.version).toBe(CURRENT_SETTINGS_VERSION);
    expect(settings.zendesk).toMatchObject({
      subdomain: 'posthoghelp',
      email: 'ada@posthog.com',
      viewIds: [17989255082139],
      escalationTags: ['escalated_to_eng'],
    });
    expect(settings.pagerduty.scheduleIds).toEqual(['PXUZ9XL']);
    expect(settings.polling.zendeskSeconds).toBe(120);
    expect(settings.notifications).toEqual(DEFAULT_SETTINGS.notifications);
    expect(notice).toMatch(/upgraded/);
  });

  it('fills missing fields from the defaults', () => {
    const { settings, notice } = migrateSettings({ version: 1, zendesk: { subdomain: 'posthoghelp' } });
    expect(settings.zendesk.subdomain).toBe('posthoghelp');
    expect(settings.polling).toEqual(DEFAULT_SETTINGS.polling);
    expect(notice).toBeNull();
  });

  it('resets only the invalid fields and names them', () => {
    const raw = withChange((s) => {
      s.zendesk.subdomain = 'posthoghelp';
      s.polling.zendeskSeconds = 1;
    });
    const { settings, notice } = migrateSettings(raw);
    expect(settings.zendesk.subdomain).toBe('posthoghelp');
    expect(settings.polling.zendeskSeconds).toBe(60);
    expect(notice).toContain('polling.zendeskSeconds');
  });

  it.each([
    ['a string', 'corrupt'],
    ['a number', 3],
    ['an array', [1, 2]],
  ])('returns defaults with a notice for %s', (_n, raw) => {
    const { settings, notice } = migrateSettings(raw);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notice).not.toBeNull();
  });
});

describe('actions settings', () => {
  it('keeps playbook rules as given, and resets only a bad list to the defaults', () => {
    const rules = { self_hosted: { keywords: ['on prem'] }, delete_groups: { tags: ['groups'], keywords: [] } };
    const kept = migrateSettings({ ...DEFAULT_SETTINGS, actions: { assignToMe: false, playbookRules: rules } });
    expect(kept.settings.actions.playbookRules).toEqual(rules);
    expect(kept.notice).toBeNull();
    const tooMany = Array.from({ length: 31 }, (_, i) => `tag${i}`);
    const bad = {
      ...DEFAULT_SETTINGS,
      actions: { assignToMe: true, playbookRules: { self_hosted: { tags: tooMany } } },
    };
    const invalid = validateSettings(bad);
    expect(invalid.ok).toBe(false);
    expect(invalid.ok ? [] : invalid.errors).toEqual([
      { path: 'actions.playbookRules.self_hosted.tags', message: 'At most 30 entries' },
    ]);
    const reset = migrateSettings(bad);
    expect(reset.settings.actions).toEqual({ assignToMe: true, playbookRules: null });
  });

  it('keeps "assign to me" off by default and for settings stored before it existed', () => {
    expect(DEFAULT_SETTINGS.actions.assignToMe).toBe(false);
    const stored = structuredClone(DEFAULT_SETTINGS) as Partial<typeof DEFAULT_SETTINGS>;
    delete stored.actions;
    const { settings, notice } = migrateSettings(stored);
    expect(settings.actions).toEqual({ assignToMe: false, playbookRules: null });
    expect(notice).toBeNull();
  });

  it('keeps a chosen value and resets a wrong type to the default', () => {
    expect(migrateSettings({ ...DEFAULT_SETTINGS, actions: { assignToMe: true } }).settings.actions.assignToMe).toBe(
      true,
    );
    const reset = migrateSettings({ ...DEFAULT_SETTINGS, actions: { assignToMe: 'yes' } });
    expect(reset.settings.actions.assignToMe).toBe(false);
    expect(reset.notice).toContain('actions.assignToMe');
  });
});
