// The Users pages against the real server, in both experiences: Acme (centralized,
// /o/<acme>/users) as its admin, and Globex (original, /s/<globex site>/users) as its
// organization admin and as its site admin. One test per FAQ of the seed article about
// the Users page, axe-core on the lists, a user page and the dialogs, the time until 50
// rows (a page) are shown (reported, not asserted), and the screenshots shown in README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  openSession,
  resultsDir,
  screenshot,
  signInThroughForm,
  startOrgdir,
  type OrgdirServer,
  type Session,
} from './harness';
import { axeViolations, saveDocsScreenshot } from './page-checks';

let server: OrgdirServer;
let browser: Browser;

const timings: Record<string, number> = {};

beforeAll(async () => {
  server = await startOrgdir();
  browser = await launchChromium();
});

afterAll(async () => {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'users-timings.json'), JSON.stringify(timings, null, 2));
  await browser?.close();
  await server?.stop();
});

interface Experience {
  title: string;
  email: string;
  /** Who manages accounts here: the members pages exist only for organization admins. */
  orgAdmin: boolean;
  centralized: boolean;
  /** Someone new to invite (each experience its own). */
  invitee: string;
  /** Which row to act on, so that the experiences sharing a site act on different people. */
  row: number;
}

const experiences: Experience[] = [
  { title: 'Acme, centralized, as organization admin', email: 'admin@acme.test', orgAdmin: true, centralized: true, invitee: 'someone@example.org', row: 0 },
  { title: 'Globex, original, as organization admin', email: 'admin@globex.test', orgAdmin: true, centralized: false, invitee: 'partner@example.org', row: 1 },
  { title: 'Globex, original, as site admin', email: 'siteadmin@globex.test', orgAdmin: false, centralized: false, invitee: 'contractor@example.org', row: 3 },
];

/** A signed-in page on the experience's Users list; `usersPath` and `orgId` as found. */
interface Signed {
  s: Session;
  page: Page;
  usersPath: string;
  orgId?: string;
}

async function signIn(x: Experience): Promise<Signed> {
  const s = await openSession(browser, server);
  const { page } = s;
  await page.goto('/login');
  await signInThroughForm(page, x.email);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  let orgId: string | undefined;
  if (x.orgAdmin) {
    await page.waitForURL(/\/o\/[^/]+\/members/);
    orgId = new URL(page.url()).pathname.split('/')[2];
  }
  // The navigation's Users link: /o/<org>/users (centralized) or /s/<site>/users (original).
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' });
  await link.waitFor();
  const usersPath = (await link.getAttribute('href'))!;
  expect(usersPath).toMatch(x.centralized ? /^\/o\/[^/]+\/users$/ : /^\/s\/[^/]+\/users$/);
  return { s, page, usersPath, orgId };
}

const usersTable = (page: Page) => page.getByRole('table', { name: /^Users of / });
const userRows = (page: Page) => usersTable(page).locator('tbody tr');

/** Opens the Users list with URL parameters; resolves once rows (or the empty state) show. */
async function openUsers(u: Signed, params: Record<string, string> = {}) {
  const query = new URLSearchParams(params).toString();
  await u.page.goto(`${u.usersPath}${query ? `?${query}` : ''}`);
  await u.page.locator('tbody tr, .mantine-EmptyState-root').first().waitFor();
}

/** The email shown in a row of a list: the text of an element that holds only it. */
async function rowEmail(row: Locator): Promise<string> {
  const texts = await row.locator('td *').allTextContents();
  const email = texts.map((t) => t.trim()).find((t) => /^[\w.+-]+@[\w-]+(\.[\w-]+)+$/.test(t));
  if (!email) throw new Error(`no email in the row: ${texts.join(' | ')}`);
  return email;
}

/**
 * A row to act on: from the `start`th on (wrapping around), the first whose account is
 * active (a deactivated account has no access to suspend or restore).
 */
async function pickRow(page: Page, start: number): Promise<Locator> {
  const rows = userRows(page);
  await rows.first().waitFor();
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    const row = rows.nth((start + i) % count);
    if (!/Deactivated|Pending deletion/.test((await row.textContent()) ?? '')) return row;
  }
  throw new Error('no row with an active account');
}

async function chooseOption(page: Page, scope: Page | Locator, label: string | RegExp, option: string) {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Whether the Managed accounts list (of the other pages) has this email, searched for it. */
async function onManagedAccounts(u: Signed, email: string): Promise<boolean> {
  await u.page.goto(`/o/${u.orgId}/members?search=${encodeURIComponent(email)}`);
  await u.page.getByRole('heading', { level: 1, name: 'Managed accounts' }).waitFor();
  await u.page.waitForLoadState('networkidle');
  const table = u.page.getByRole('table', { name: 'Managed accounts' });
  await expect.poll(() => u.page.locator('[aria-busy="true"]').count()).toBe(0);
  if ((await table.count()) === 0) return false;
  return (await table.locator('tbody tr').filter({ hasText: email }).count()) > 0;
}


function expectOnlyTheServer(s: Session) {
  expect(s.blocked, 'requests to other hosts').toEqual([]);
  expect(s.problems, 'page errors and CSP violations').toEqual([]);
}

async function docsScreenshot(page: Page, name: string) {
  await saveDocsScreenshot(page, `${name}.png`);
  await screenshot(page, name);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe.each(experiences)('Users: $title', (x) => {
  let u: Signed;

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && u) await screenshot(u.page, `failed-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}-${x.email}`);
  });

  beforeAll(async () => {
    u = await signIn(x);
  });

  it('shows the list with its counts, its rows ready in (reported) milliseconds, and no serious accessibility violation', async () => {
    const { page } = u;
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto('about:blank');
      const start = Date.now();
      await page.goto(u.usersPath);
      // React renders the page's rows at once: the first one shown means all are.
      await userRows(page).first().waitFor();
      samples.push(Date.now() - start);
    }
    const rows = await userRows(page).count();
    timings[x.title] = Math.min(...samples);
    console.log(`${x.title}: ${rows} rows ready in ${Math.min(...samples)} ms (best of 3: ${samples.join(', ')})`);
    for (const label of ['Total users', 'Active', 'Invited', 'Suspended']) {
      await page.getByRole('button', { name: new RegExp(`^${label} \\d+`) }).waitFor();
    }
    if (x.centralized) await page.getByRole('combobox', { name: 'Site' }).waitFor();
    expect(await axeViolations(page, { menusClosed: true })).toEqual([]);
    if (x.email === 'admin@acme.test') await docsScreenshot(page, 'users-centralized');
    if (x.email === 'admin@globex.test') await docsScreenshot(page, 'users-original');
    expectOnlyTheServer(u.s);
  });

  it('FAQ: invites an account nobody manages; it shows as Invited and External, and not on Managed accounts', async () => {
    const { page } = u;
    await openUsers(u);
    await page.getByRole('button', { name: 'Invite users' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Invite users' });
    if (x.centralized) await chooseOption(page, dialog, /^Site/, 'acme-eng');
    await dialog.getByRole('textbox', { name: /Email addresses/ }).fill(`Someone New <${x.invitee}>\nnot-an-address`);
    await dialog.getByRole('button', { name: 'Invite' }).click();
    // The list is checked before anything is sent.
    await dialog.getByText('This is not an email address: not-an-address.', { exact: false }).waitFor();
    await dialog.getByRole('textbox', { name: /Email addresses/ }).fill(`Someone New <${x.invitee}>`);
    await chooseOption(page, dialog, 'Jira', 'User');
    expect(await axeViolations(page, { menusClosed: true })).toEqual([]);
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await page.getByText(`Invited ${x.invitee}`).waitFor();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('textbox', { name: 'Search' }).fill(x.invitee);
    await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe(x.invitee);
    await expect.poll(() => userRows(page).count()).toBe(1);
    const row = userRows(page).first();
    await row.getByText('Invited', { exact: true }).waitFor();
    await row.getByText('External', { exact: true }).waitFor();
    expect(await row.textContent()).toContain('Jira');

    // Inviting them again is a conflict that names them.
    await page.getByRole('button', { name: 'Invite users' }).first().click();
    if (x.centralized) await chooseOption(page, dialog, /^Site/, 'acme-eng');
    await dialog.getByRole('textbox', { name: /Email addresses/ }).fill(`new.person@example.org, ${x.invitee}`);
    await dialog.getByRole('button', { name: 'Invite 2 people' }).click();
    await dialog.getByText(new RegExp(`${escapeRegExp(x.invitee)} is already a user of .*nobody was invited`)).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    if (x.orgAdmin) expect(await onManagedAccounts(u, x.invitee)).toBe(false);
    expectOnlyTheServer(u.s);
  });

  it('FAQ: suspends a user, whose account stays active, then restores them with the same access', async () => {
    const { page } = u;
    await openUsers(u, { status: 'ACTIVE', managed: 'false' });
    const picked = await pickRow(page, x.row);
    const email = await rowEmail(picked);
    const access = await picked.locator('td').nth(3).textContent();
    await openUsers(u, { search: email });
    const row = userRows(page).first();

    await row.getByRole('button', { name: /^Actions for / }).click();
    await page.getByRole('menuitem', { name: x.centralized ? 'Suspend on every site' : /^Suspend on / }).first().click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('Their groups and product access are kept, so you can restore them later');
    expect(await dialog.textContent()).toContain('The account itself is not changed');
    expect(await dialog.textContent()).toContain('Deactivating the account is a different action');
    expect(await axeViolations(page, { menusClosed: true })).toEqual([]);
    await dialog.getByRole('button', { name: /^Suspend/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Suspended', { exact: true }).first().waitFor();
    if (access !== 'No products') await row.getByText('not in effect').first().waitFor();

    // The user page: suspended on the site, the account itself still active.
    await row.getByRole('link').first().click();
    await page.getByText('Account status').waitFor();
    expect(await page.getByText('Account status').locator('xpath=..').textContent()).toContain('Active');
    await page.getByRole('button', { name: /^Restore on / }).first().waitFor();
    await page.getByText(/This access is kept but not in effect/).first().waitFor();

    await page.getByRole('button', { name: x.centralized ? 'Restore on every site' : /^Restore on / }).first().click();
    await dialog.getByRole('button', { name: /^Restore/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Suspend on / }).first().waitFor();

    await openUsers(u, { search: email });
    await userRows(page).first().getByText('Active', { exact: true }).first().waitFor();
    expect(await userRows(page).first().locator('td').nth(3).textContent()).toBe(access);
    expectOnlyTheServer(u.s);
  });

  it('FAQ: an external user\'s page offers only Suggest changes, which records a suggestion', async () => {
    const { page } = u;
    await openUsers(u, { managed: 'false', orderBy: 'EMAIL', direction: 'DESC' });
    const row = await pickRow(page, x.row);
    const name = (await row.getByRole('link').first().textContent())!;
    await row.getByRole('link').first().click();
    await expect.poll(() => heading(page)).toBe(name);
    await page.getByText('External', { exact: true }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Update details' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Update details' }).count()).toBe(0);

    await page.getByRole('button', { name: 'Suggest changes' }).click();
    const dialog = page.getByRole('dialog', { name: `Suggest changes to ${name}` });
    await expect.poll(() => dialog.textContent()).toContain('another organization manages it, or its owner does');
    await dialog.getByRole('textbox', { name: 'Job title' }).fill('Field engineer');
    expect(await axeViolations(page, { menusClosed: true })).toEqual([]);
    await screenshot(page, `user-suggest-changes-${x.email}`);
    await dialog.getByRole('button', { name: 'Send suggestion' }).click();
    await page.getByText('Suggestion sent').waitFor();
    expectOnlyTheServer(u.s);
  });

  it.runIf(x.orgAdmin)('FAQ: a managed user\'s page offers Update details, which leads to its Managed accounts page', async () => {
    const { page } = u;
    await openUsers(u, { managed: 'true', status: 'ACTIVE' });
    const row = await pickRow(page, x.row);
    const name = (await row.getByRole('link').first().textContent())!;
    await row.getByRole('link').first().click();
    await expect.poll(() => heading(page)).toBe(name);
    const accountId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByText('Managed', { exact: true }).first().waitFor();
    expect(await page.getByRole('button', { name: 'Suggest changes' }).count()).toBe(0);
    expect(await axeViolations(page, { menusClosed: true })).toEqual([]);
    if (x.email === 'admin@acme.test') await docsScreenshot(page, 'user');
    await page.getByRole('link', { name: 'Update details' }).click();
    await page.waitForURL(`**/o/${u.orgId}/members/${accountId}`);
    expectOnlyTheServer(u.s);
  });

  it('FAQ: removes a user from a site: their groups and access there go, a managed account stays on Managed accounts', async () => {
    const { page } = u;
    await openUsers(u, { ...(x.orgAdmin ? { managed: 'true' } : {}), status: 'ACTIVE', orderBy: 'LAST_ACTIVE', direction: 'DESC' });
    const row = await pickRow(page, x.row);
    const email = await rowEmail(row);
    const name = (await row.getByRole('link').first().textContent())!;
    await row.getByRole('link').first().click();
    await expect.poll(() => heading(page)).toBe(name);

    // The first site the user is on (a panel per site, after "Every site of Acme").
    const site = (await page.locator('section[aria-labelledby^="site-"] h2').first().textContent())!;
    const panel = page.getByRole('region', { name: site });
    expect(await panel.getByRole('button', { name: /^Remove .* from group / }).count()).toBeGreaterThan(0);
    await panel.getByRole('button', { name: `Remove from ${site}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toContain('their groups and product access there are deleted');
    expect(await dialog.textContent()).toContain('you will need to send a new invitation');
    expect(await dialog.textContent()).toContain('The account itself is not changed');
    if (x.orgAdmin) expect(await dialog.textContent()).toContain('it stays on Managed accounts');
    await dialog.getByRole('button', { name: 'Remove from site' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('region', { name: site }).count()).toBe(0);

    // Not a user of that site any more…
    if (!x.centralized) {
      await openUsers(u, { search: email });
      await page.getByText('No users match').waitFor();
    }
    // …but still a managed account.
    if (x.orgAdmin) expect(await onManagedAccounts(u, email)).toBe(true);
    expectOnlyTheServer(u.s);
  });

  it.runIf(x.orgAdmin)('FAQ: a claimed account without site access is on Managed accounts, not on Users', async () => {
    const { page } = u;
    await page.goto(`/o/${u.orgId}/members?hasSiteAccess=false`);
    const table = page.getByRole('table', { name: 'Managed accounts' });
    await table.locator('tbody tr').first().waitFor();
    const email = await rowEmail(table.locator('tbody tr').first());
    await openUsers(u, { search: email });
    await page.getByText('No users match').waitFor();
    expectOnlyTheServer(u.s);
  });
});
