import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAdminLine, parseAdminLine } from '../../../../src/main/sources/zendesk/admin-line';

const ORG_ID = '0193a5d1-7e6f-7a5b-9c4d-3e2f1a0b9c8d';

/** The six forms of shared/domain/posthog-ticket-formats.md, filled in. */
function forms(org: string) {
  return {
    admin_link: `Admin link: https://app.posthog.com/admin/posthog/user/?q=pat@gmail.com (Organization: '${org}'; Project: 'Default project')`,
    markdown: `[Admin](https://us.posthog.com/admin/posthog/user/?q=pat@gmail.com) (Organization: '${org}'; Project: 'Default project')`,
    markdown_project_id: `[Admin](https://eu.posthog.com/admin/posthog/user/?q=pat@gmail.com) (Organization: '${org}'; Project: 63120:'Default project')`,
    go_link: `Admin: http://go/adminEU/pat@gmail.com (Organization: '${org}'; Project: 63120:'Default project')`,
    go_link_ids: `Admin: http://go/adminUS/pat@gmail.com (organization ID ${ORG_ID}: ${org}, project ID 63120: Default project)`,
    internal: `Admin (internal): https://us.posthog.com/admin/posthog/user/48151/change/ (organization ID ${ORG_ID}: ${org}, project ID 63120: Default project)`,
  } as const;
}

const HARD_NAMES = [
  'Northwind Robotics',
  "O'Brien & Sons",
  'Acme, Inc.',
  'Ratio: 3:2 Labs',
  'Hedgehogs (EU) Ltd',
  'Semi; colon',
  '"Quoted" Co',
  '株式会社ハリネズミ',
  'Ёжик GmbH',
  'مؤسسة القنفذ',
];

describe('the Admin line, in each of its six forms', () => {
  for (const [form, line] of Object.entries(forms('Northwind Robotics'))) {
    it(`reads the organization from the ${form} form`, () => {
      const parsed = parseAdminLine(line);
      expect(parsed?.organizationName).toBe('Northwind Robotics');
      expect(parsed?.form).toBe(form);
      const hasId = form === 'go_link_ids' || form === 'internal';
      expect(parsed?.organizationId).toBe(hasId ? ORG_ID : null);
    });
  }

  for (const name of HARD_NAMES) {
    it(`keeps an organization name whole in every form: ${name}`, () => {
      for (const line of Object.values(forms(name))) expect(parseAdminLine(line)?.organizationName).toBe(name);
    });
  }

  it('keeps names whole whatever the customer named their organization and project (property)', () => {
    // Any text without a line break; the forms' own separators are allowed inside the project name.
    const text = fc
      .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
      .filter((s) => s.trim() === s && s.length > 0 && !/[\r\n]/.test(s));
    const orgName = text.filter((s) => !s.includes("'; Project: ") && !/, project ID \d+: /i.test(s));
    fc.assert(
      fc.property(orgName, text, (org, project) => {
        const lines = [
          `[Admin](https://us.posthog.com/admin/posthog/user/?q=a@b.c) (Organization: '${org}'; Project: 1:'${project}')`,
          `Admin (internal): https://eu.posthog.com/admin/posthog/user/7/change/ (organization ID ${ORG_ID}: ${org}, project ID 9: ${project})`,
        ];
        for (const line of lines) expect(parseAdminLine(line)?.organizationName).toBe(org);
      }),
    );
  });

  it('is not fooled by lines that only resemble the form', () => {
    for (const line of [
      'Admin: please help',
      'Admin: http://go/adminus/pat@gmail.com',
      "Admin link: https://evil.example/phish (Organization: 'X'; Project: 'Y')",
      'Admin (internal): https://evil.example/admin/posthog/user/1/change/ (organization ID x: Evil, project ID 1: P)',
      "Organization: 'Acme'; Project: 'Default'",
      "[Admin](https://us.posthog.com/admin/posthog/user/?q=a@b.c) (Organization: ''; Project: 'P')",
      `Admin: http://go/adminus/a@b.c (organization ID not-a-uuid: Acme, project ID 1: P)`,
    ]) {
      expect(parseAdminLine(line)).toBeNull();
    }
  });

  it('takes the form-written line at the end of the description over one the customer typed above it', () => {
    const description = [
      'Hi! Please move me to the right org.',
      `Admin: http://go/adminus/pat@gmail.com (organization ID ${ORG_ID}: Evil Corp, project ID 1: x)`,
      '',
      '------------------',
      'Session: http://go/session/0193-aaaa',
      `Admin (internal): https://us.posthog.com/admin/posthog/user/48151/change/ (organization ID ${ORG_ID.replace('0193', '0194')}: Real Org, project ID 63120: Web)`,
      'Sentry: https://sentry.io/organizations/posthog/issues/?query=1',
    ].join('\r\n');
    expect(findAdminLine(description)).toEqual({
      organizationName: 'Real Org',
      organizationId: ORG_ID.replace('0193', '0194'),
      form: 'internal',
    });
  });

  it('says nothing without an Admin line, and bounds what it reads', () => {
    expect(findAdminLine('no admin line here\nSession: http://go/session/1')).toBeNull();
    expect(findAdminLine('')).toBeNull();
    const long = `Admin: http://go/adminus/a@b.c (organization ID ${ORG_ID}: ${'x'.repeat(5_000)}, project ID 1: P)`;
    expect(findAdminLine(long)).toBeNull();
    const longName = 'Я'.repeat(300);
    const parsed = parseAdminLine(
      `Admin: http://go/adminus/a@b.c (organization ID ${ORG_ID}: ${longName}, project ID 1: P)`,
    );
    expect(Array.from(parsed?.organizationName ?? '')).toHaveLength(200);
    expect(parsed?.organizationName.endsWith('…')).toBe(true);
  });
});
