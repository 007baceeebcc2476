// The Domains page against the real server, signed in as the demo's Acme admin, with a
// real DNS server (dns-server.ts) as orgdir's --dns-resolver: add acme-labs.test again
// (a fresh token), fail a check with the reason shown, publish the TXT record read from
// the page, verify it, and claim its accounts after the preview. axe-core on the page
// and its dialogs; the screenshot shown in README.md.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServer } from './dns-server';
import { launchChromium, openSession, screenshot, signInThroughForm, startOrgdir, type OrgdirServer, type Session } from './harness';
import { axeViolations, dismissNotifications, saveDocsScreenshot } from './page-checks';

let dns: DnsServer;
let server: OrgdirServer;
let browser: Browser;
let s: Session;
let page: Page;
let orgId: string;

const DOMAIN = 'acme-labs.test';

beforeAll(async () => {
  dns = await startDnsServer();
  server = await startOrgdir({ dnsResolver: dns.address });
  browser = await launchChromium();
  s = await openSession(browser, server);
  page = s.page;
  await page.goto('/login');
  await signInThroughForm(page, 'admin@acme.test');
  await page.waitForURL(/\/o\/[^/]+\/members$/);
  orgId = new URL(page.url()).pathname.split('/')[2];
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await dns?.stop();
});

const table = () => page.getByRole('table', { name: 'Domains' });
const row = (name: string) => table().getByRole('row').filter({ hasText: name });

describe('the Domains page', () => {
  it('lists the domains with their status, from the navigation', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Domains' }).click();
    await page.waitForURL(`**/o/${orgId}/domains`);
    await row('acme.test').first().waitFor();
    expect(await row(DOMAIN).getByText('Unverified').count()).toBe(1);
    expect(await row('acme.test').first().getByText('Verified', { exact: true }).count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('adds a domain, shows its instructions and the reason a check fails', async () => {
    await page.getByLabel('Domain name').fill(DOMAIN.toUpperCase());
    await page.getByRole('button', { name: 'Add domain' }).click();
    const dialog = page.getByRole('dialog', { name: `Verify ${DOMAIN}` });
    await dialog.waitFor();
    const record = await dialog.getByLabel('TXT record value', { exact: true }).inputValue();
    expect(record).toMatch(/^orgdir-domain-verification=[0-9a-f]{32,}$/);
    expect(await dialog.getByRole('button', { name: 'Copy txt record value' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // The file method shows the URL and the same content.
    await dialog.getByRole('tab', { name: 'HTTPS file' }).click();
    expect(await dialog.getByLabel('File URL', { exact: true }).inputValue()).toBe(`https://${DOMAIN}/.well-known/orgdir-domain-verification.txt`);
    expect(await dialog.getByLabel('File content', { exact: true }).inputValue()).toBe(record);
    await dialog.getByRole('tab', { name: 'DNS TXT record' }).click();

    // Nothing published yet: the check fails and says why.
    dns.setTxt(DOMAIN, ['v=spf1 -all']);
    await dialog.getByRole('button', { name: 'Verify by DNS TXT record' }).click();
    const failure = dialog.getByRole('alert').filter({ hasText: 'Verification failed' });
    await failure.waitFor();
    expect(await failure.textContent()).toContain('No record');
    expect(dns.questions).toContain(`TXT ${DOMAIN}`);
    await screenshot(page, 'domain-verification-failed');

    // An old token is "Wrong value".
    dns.setTxt(DOMAIN, ['orgdir-domain-verification=00000000000000000000000000000000']);
    await dialog.getByRole('button', { name: 'Verify by DNS TXT record' }).click();
    await expect.poll(() => failure.textContent()).toContain('Wrong value');

    // Published: verified.
    dns.setTxt(DOMAIN, ['v=spf1 -all', record]);
    await dialog.getByRole('button', { name: 'Verify by DNS TXT record' }).click();
    await dialog.getByText(`${DOMAIN} is verified`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('claims the accounts after a preview that says a claim gives no site access', async () => {
    const verify = page.getByRole('dialog', { name: `Verify ${DOMAIN}` });
    await verify.getByRole('button', { name: 'Claim accounts' }).click();
    const dialog = page.getByRole('dialog', { name: `Claim accounts on ${DOMAIN}` });
    await dialog.getByText('Claiming gives no site access').waitFor();
    const summary = (await dialog.getByText(/will become managed by Acme/).textContent()) ?? '';
    const claimable = Number(/^(\d+) accounts?/.exec(summary)?.[1]);
    expect(claimable, summary).toBeGreaterThan(0);
    const listed = await dialog.getByRole('listitem').allTextContents();
    expect(listed.length).toBeGreaterThan(0);
    for (const item of listed) expect(item).toContain(`@${DOMAIN}`);
    expect(await axeViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: `Claim ${claimable} account` }).click();
    await dialog.getByText(`Claimed ${claimable} account`).first().waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The list says verified, by DNS TXT record, claimed.
    await expect.poll(() => row(DOMAIN).textContent()).toContain('DNS TXT record');
    expect(await row(DOMAIN).textContent()).toContain('Claimed');
    expect(await row(DOMAIN).getByText('Verified', { exact: true }).count()).toBe(1);
    await dismissNotifications(page);
    await saveDocsScreenshot(page, 'domains.png');

    // A second claim has nothing left to take.
    await row(DOMAIN).getByRole('button', { name: `Claim accounts on ${DOMAIN}` }).click();
    const again = page.getByRole('dialog', { name: `Claim accounts on ${DOMAIN}` });
    await again.getByText('No account is waiting to be claimed.').waitFor();
    await again.getByRole('button', { name: 'Cancel' }).click();
  });

  it('refuses a public mail domain with the reason under the field', async () => {
    await page.getByLabel('Domain name').fill('gmail.com');
    await page.getByRole('button', { name: 'Add domain' }).click();
    const field = page.getByLabel('Domain name');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    expect(s.blocked, 'requests to other hosts').toEqual([]);
    expect(s.problems, 'page errors and CSP violations').toEqual([]);
  });
});
