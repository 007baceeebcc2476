// The security pages against the real server: an API key created in the UI and used
// from this test (Authorization: Bearer), the Admins page (grant and revoke a site admin
// as Globex's admin; the last organization admin refused), the Audit log showing what
// was just done, and the Managed accounts export from the page. axe-core on every page;
// the screenshots shown in README.md.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openSession, signInThroughForm, startOrgdir, type OrgdirServer, type Session } from './harness';
import { axeViolations, dismissNotifications, saveDocsScreenshot } from './page-checks';

let server: OrgdirServer;
let browser: Browser;
const sessions: Session[] = [];

beforeAll(async () => {
  server = await startOrgdir();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A new browser session signed in as `email`, on its organization's Managed accounts page. */
async function signedIn(email: string): Promise<{ page: Page; orgId: string }> {
  const s = await openSession(browser, server);
  sessions.push(s);
  await s.page.goto('/login');
  await signInThroughForm(s.page, email);
  await s.page.waitForURL(/\/o\/[^/]+\/members$/);
  return { page: s.page, orgId: new URL(s.page.url()).pathname.split('/')[2] };
}

async function graphqlWithKey(key: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

const MANAGED_ACCOUNTS_HEADER =
  'Name,Email,Account ID,Last active,Status,Billable,Policy name,Policy type,SAML single sign-on,Two-step verification,' +
  'Password requirements,Idle session duration,Bitbucket,Confluence,Jira,Jira Product Discovery,Jira Service Management,' +
  'OpsGenie,StatusPage,Trello';

describe('the security pages as the Acme admin', () => {
  let page: Page;
  let orgId: string;
  let secret: string;

  beforeAll(async () => {
    ({ page, orgId } = await signedIn('admin@acme.test'));
  });

  it('creates a read-only API key whose secret is shown once, and the key works from a script', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(`**/o/${orgId}/api-keys`);
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Create API key' }).click();
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('E2E reporting script');
    expect(await form.getByRole('radio', { name: /Read-only/ }).isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'API key “E2E reporting script” created' });
    secret = await shown.getByLabel('API key', { exact: true }).inputValue();
    expect(secret.length).toBeGreaterThan(20);
    server.noteSecret('the API key made in the page', secret);
    await shown.getByText('Copy the key now').waitFor();
    expect(await shown.getByRole('button', { name: 'Copy key' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await shown.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });

    const row = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'E2E reporting script' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Read-only');
    expect(await page.content()).not.toContain(secret);

    // The key from a script: it reads as the organization, and cannot change anything.
    const read = await graphqlWithKey(secret, '{ viewer { account { id } apiKey { name readOnly } organizations { id name } } }');
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.viewer).toEqual({
      account: null,
      apiKey: { name: 'E2E reporting script', readOnly: true },
      organizations: [{ id: orgId, name: 'Acme' }],
    });
    const write = await graphqlWithKey(secret, 'mutation($org: ID!) { addDomain(organizationId: $org, name: "e2e-key.test") { id } }', {
      org: orgId,
    });
    expect(write.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Its use shows on the page.
    await page.reload();
    await expect.poll(async () => (await row.textContent()) ?? '', { timeout: 10_000 }).toMatch(/UTC/);
    await dismissNotifications(page);
    await saveDocsScreenshot(page, 'api-keys.png');
  });

  it('offers organization admins only in a centralized organization and refuses to remove the last one', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admins' }).click();
    await page.waitForURL(`**/o/${orgId}/admins`);
    const table = page.getByRole('table', { name: 'Admins' });
    await table.getByText('admin@acme.test').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an admin' });
    await dialog.getByRole('radio', { name: /Organization admin/ }).waitFor();
    expect(await dialog.getByRole('radio', { name: /Site admin/ }).count()).toBe(0);
    await dialog.getByText(/uses centralized user management/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await table.getByRole('button', { name: 'Revoke organization admin role of admin@acme.test' }).click();
    const confirm = page.getByRole('dialog', { name: /Remove .* as organization admin of Acme\?/ });
    await confirm.getByText('This is your own role').waitFor();
    await confirm.getByRole('button', { name: 'Remove role' }).click();
    await page.getByText('Not possible right now').waitFor();
    expect(await table.getByText('admin@acme.test').count()).toBeGreaterThan(0);
  });

  it('exports the Managed accounts the page shows as CSV', async () => {
    await page.goto(`/o/${orgId}/members?status=DEACTIVATED&orderBy=EMAIL&direction=ASC`);
    await page.getByRole('table', { name: 'Managed accounts' }).locator('tbody tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^acme-managed-accounts-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.split('\r\n').filter((l) => l !== '');
    expect(lines[0]).toBe(MANAGED_ACCOUNTS_HEADER);
    expect(lines.length).toBeGreaterThan(1);
    const statusColumn = lines.slice(1).map((l) => l.split(',')[4]);
    expect(new Set(statusColumn)).toEqual(new Set(['Deactivated']));
    const emails = lines.slice(1).map((l) => l.split(',')[1]);
    expect(emails).toEqual([...emails].sort());
    await page.getByText(/acme-managed-accounts-.*: \d+ rows?/).waitFor();
  });

  it('shows the events just made in the Audit log, filtered through the URL', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`**/o/${orgId}/audit-log`);
    const table = page.getByRole('table', { name: 'Audit events' });
    await table.getByText('api_key.created').first().waitFor();
    expect(await table.getByText('api_key.used').count()).toBeGreaterThan(0);
    expect(await table.getByText('E2E reporting script').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await dismissNotifications(page);
    await saveDocsScreenshot(page, 'audit-log.png');

    // The key as actor: only its own events, kept in the URL.
    await page.getByRole('combobox', { name: 'Actor' }).click();
    await page.getByRole('option', { name: 'E2E reporting script (API key)' }).click();
    await page.waitForURL(/actorId=key_/);
    await expect.poll(async () => [...new Set(await table.locator('tbody tr td:nth-child(3)').allTextContents())]).toEqual(['api_key.used']);

    // A link with the filters shows the same list.
    const url = page.url();
    await page.goto(`${url}&action=api_key.created`);
    await page.getByText('No event matches these filters').waitFor();
    await page.goto(url.replace(/actorId=[^&]+/, 'action=api_key.created'));
    await table.getByText('api_key.created').first().waitFor();
    expect(await page.getByRole('combobox', { name: 'Action' }).inputValue()).toBe('api_key.created');
  });
});

describe('the Admins page as the Globex admin (original user management)', () => {
  let page: Page;
  let orgId: string;

  beforeAll(async () => {
    ({ page, orgId } = await signedIn('admin@globex.test'));
  });

  it('grants a site admin role to an account found by search, then revokes it after a confirmation', async () => {
    await page.goto(`/o/${orgId}/admins`);
    const table = page.getByRole('table', { name: 'Admins' });
    await table.getByText('siteadmin@globex.test').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Add admin' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add an admin' });
    await dialog.getByRole('combobox', { name: 'Account' }).fill('globex.test');
    const option = page.getByRole('option').filter({ hasNotText: 'admin' }).first();
    await option.waitFor();
    const label = (await option.textContent()) ?? '';
    const email = /\(([^)]+)\)$/.exec(label)?.[1] ?? label;
    await option.click();
    await dialog.getByRole('radio', { name: /Site admin/ }).check();
    await dialog.getByRole('combobox', { name: 'Site' }).click();
    await page.getByRole('option', { name: 'globex', exact: true }).click();
    expect(await axeViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Add admin' }).click();
    await dialog.waitFor({ state: 'detached' });

    const row = table.getByRole('row').filter({ hasText: email });
    await row.waitFor();
    expect(await row.textContent()).toContain('Site admin');
    expect(await row.textContent()).toContain('globex');

    await row.getByRole('button', { name: `Revoke site admin role of ${email} on globex` }).click();
    const confirm = page.getByRole('dialog', { name: /as site admin of globex\?/ });
    await confirm.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Remove role' }).click();
    await row.waitFor({ state: 'detached' });

    // Both changes are in Globex's audit log, newest first.
    await page.goto(`/o/${orgId}/audit-log?targetId=`);
    const events = page.getByRole('table', { name: 'Audit events' });
    await events.getByText('admin_role.revoked').first().waitFor();
    const actions = await events.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(actions.indexOf('admin_role.revoked')).toBeLessThan(actions.indexOf('admin_role.granted'));
    const first = events.locator('tbody tr').first();
    expect(await first.textContent()).toContain(email);

    for (const s of sessions) {
      expect(s.blocked, 'requests to other hosts').toEqual([]);
      expect(s.problems, 'page errors and CSP violations').toEqual([]);
    }
  });
});
