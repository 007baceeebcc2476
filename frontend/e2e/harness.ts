// The end-to-end harness: a real orgdir (bin/orgdir serve --demo, built beforehand by
// `make build`) on a temporary SQLite database and a free loopback port, and Debian's
// Chromium driven by playwright-core, with every request to another host blocked.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const resultsDir = join(repoRoot, 'test-results', 'e2e');
export const demoPassword = 'e2e-demo-password';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The launch flags of ENGINEERING.md: no sandbox (root in CI), no GPU, nothing fetched in the background.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface OrgdirServer {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

export interface OrgdirOptions {
  /** host:port of the DNS server domain verification asks (--dns-resolver), e.g. dns-server.ts's. */
  dnsResolver?: string;
}

/** Starts bin/orgdir with the demo data; resolves when /healthz answers. */
export async function startOrgdir(options: OrgdirOptions = {}): Promise<OrgdirServer> {
  const bin = join(repoRoot, 'bin', 'orgdir');
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run "make build" first (the e2e tests build nothing)`);
  const dir = mkdtempSync(join(tmpdir(), 'orgdir-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const args = ['serve', '--demo', '--addr', `127.0.0.1:${port}`, '--db', `sqlite:${join(dir, 'orgdir.db')}`];
  if (options.dnsResolver) args.push('--dns-resolver', options.dnsResolver);
  const child: ChildProcess = spawn(
    bin,
    args,
    { cwd: dir, env: { ...process.env, ORGDIR_DEMO_PASSWORD: demoPassword }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`orgdir exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`orgdir did not answer /healthz within 30 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    output: () => log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => done(port));
    });
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run "make chromium" (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to any host other than the server: blocked, and listed here. */
  blocked: string[];
  /** Uncaught page errors and Content-Security-Policy violations. */
  problems: string[];
}

/** A fresh browser context (no cookies) that may talk to the server only. */
export async function openSession(browser: Browser, server: OrgdirServer): Promise<Session> {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 800 } });
  const origin = new URL(server.url).origin;
  const blocked: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    if (new URL(url).origin === origin) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, blocked, problems };
}

/** Signs in through the login page (which must be showing). */
export async function signInThroughForm(page: Page, email: string, password = demoPassword) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: false }).first().fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}
