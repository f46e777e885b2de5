/**
 * Runs axe-core inside the page and fails with one readable line per violation, so a test names what broke and
 * where instead of dumping axe's whole report.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

/** WCAG 2.1 A and AA, plus axe's best practices (landmarks, one main, headings). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Axe's findings in `page`, as plain data (rule, impact, each failing element and why). */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // evaluate() runs over the DevTools protocol, so the page's CSP (no inline scripts) does not block axe.
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axe.source);
  // A string, because this file compiles without the DOM library.
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(' '),
        summary: (n.failureSummary ?? '').replace(/\\s+/g, ' ').trim(),
      })),
    }));
  })()`);
}

/** Throws when axe finds any violation in the page's current state; `state` names it in the message. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.flatMap((v) => [
    `${v.id} (${v.impact ?? 'no impact given'}): ${v.help}`,
    ...v.nodes.map((n) => `  at ${n.target}: ${n.summary}`),
  ]);
  throw new Error(`axe found ${violations.length} accessibility violation(s) in ${state}:\n${lines.join('\n')}`);
}

/** Checks the page's current state in its colour scheme and then in the other one, leaving it as it was. */
export async function expectAccessibleInBothSchemes(page: Page, state: string): Promise<void> {
  const dark = (await page.evaluate('matchMedia("(prefers-color-scheme: dark)").matches')) === true;
  const schemes = dark ? (['dark', 'light'] as const) : (['light', 'dark'] as const);
  try {
    for (const colorScheme of schemes) {
      await page.emulateMedia({ colorScheme });
      await expectAccessible(page, `${state} (${colorScheme})`);
    }
  } finally {
    await page.emulateMedia({ colorScheme: schemes[0] });
  }
}
