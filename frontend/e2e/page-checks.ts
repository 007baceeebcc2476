// Checks shared by the end-to-end specs of the supporting pages: axe-core's serious and
// critical violations, and the screenshots committed under docs/screenshots.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { repoRoot } from './harness';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; any?: { data: unknown }[] }[];
}

/**
 * axe-core's serious and critical violations on the page as it is now (dialogs included).
 * With menusClosed, it first waits until no menu is open (a spec that has just closed one).
 */
export async function axeViolations(page: Page, { menusClosed = false } = {}): Promise<string[]> {
  // Dialogs and notifications fade in (Mantine's transitions take 200 ms): colours are
  // judged once they are opaque and nothing moves.
  await page.waitForTimeout(250);
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  if (menusClosed) await expect.poll(() => page.getByRole('menu').count()).toBe(0);
  // Evaluated through the DevTools protocol, so the page's Content-Security-Policy (no
  // inline scripts) does not apply to it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      // The failing check's data (for contrast: the colours and ratio) says what to fix.
      nodes: v.nodes.map((n) => `${n.target.join(' ')} ${JSON.stringify(n.any?.[0]?.data ?? '')}`),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 5).join(', ')})`);
}

/** A screenshot shown in README.md: the top of the page, taller than the test viewport. */
export async function saveDocsScreenshot(page: Page, name: string, height = 900) {
  const dir = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: 1280, height });
  await page.screenshot({ path: join(dir, name) });
  await page.setViewportSize(size);
}

/** Closes the notifications on the page (before a screenshot) and waits until they are gone. */
export async function dismissNotifications(page: Page) {
  const close = page.getByRole('button', { name: 'Close notification' });
  for (let n = await close.count(); n > 0; n = await close.count()) {
    await close.first().click({ timeout: 1000 }).catch(() => undefined);
    await page.waitForTimeout(50);
  }
  for (let i = 0; i < 50 && (await page.locator('.mantine-Notification-root').count()) > 0; i++) await page.waitForTimeout(100);
}
