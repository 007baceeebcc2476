// The end-to-end harness: a real orgdir (bin/orgdir serve --demo, built beforehand by
// `make build`) on a temporary SQLite database and a free loopback port, and Debian's
// Chromium driven by playwright-core, with every request to another host blocked.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  /**
   * Remembers a secret the run used (openSession notes passwords, cookies, keys and tokens
   * it sees by itself): stop() fails if the server's output contains any of them.
   */
  noteSecret: (kind: string, value: string) => void;
  /** Stops the server, writes its output to test-results/e2e/orgdir-<port>.log and checks it holds no secret. */
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

  const secrets = new Map<string, string>([[demoPassword, 'the demo admins\' password']]);
  return {
    url,
    output: () => log,
    noteSecret(kind, value) {
      // Short values (a cookie like "1", an empty field) would match by chance.
      if (value.length >= 8 && !secrets.has(value)) secrets.set(value, kind);
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(resultsDir, { recursive: true });
      const logFile = join(resultsDir, `orgdir-${port}.log`);
      writeFileSync(logFile, log);
      checkLogHoldsNoSecret(log, logFile, secrets);
    },
  };
}

/**
 * Fails when the server's output (its JSON request logs included) contains a secret the
 * run used, naming the kind of secret and the log file, never the secret itself.
 */
export function checkLogHoldsNoSecret(log: string, logFile: string, secrets: Map<string, string>) {
  if (!log.includes('"msg":"request"')) throw new Error(`${logFile} has no request log line: nothing was checked`);
  const kinds = [...new Set(secrets.values())].sort();
  if (log.includes('"actor":') && !kinds.some((k) => /^(cookie|Authorization|the API key)/.test(k))) {
    throw new Error(`${logFile}: signed-in requests were logged but no cookie or key was noted: the check would be blind`);
  }
  const leaked = [...secrets].filter(([value]) => log.includes(value)).map(([, kind]) => kind);
  if (leaked.length > 0) throw new Error(`${logFile} contains secrets: ${[...new Set(leaked)].join(', ')}`);
  writeFileSync(`${logFile}.checked`, `${secrets.size} secrets not in the log: ${kinds.join(', ')}\n`);
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
  noteSecretsSeen(context, server, origin);
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
// Keys whose string values in request and response bodies are secrets: the sign-in
// password and the API key shown once (createApiKey's secret).
const secretKey = /^(password|currentPassword|newPassword|secret)$/i;

/**
 * Notes every secret the browser sends to or gets from the server: passwords and other
 * secret fields in JSON bodies (sign-in, API key creation), cookie values set and sent,
 * and Authorization headers.
 */
function noteSecretsSeen(context: BrowserContext, server: OrgdirServer, origin: string) {
  const fromJSON = (kind: string, text: string | null) => {
    if (!text) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return;
    }
    const walk = (v: unknown, key: string) => {
      if (typeof v === 'string' && secretKey.test(key)) server.noteSecret(`${kind} field "${key}"`, v);
      else if (Array.isArray(v)) v.forEach((e) => walk(e, key));
      else if (v && typeof v === 'object') for (const [k, e] of Object.entries(v)) walk(e, k);
    };
    walk(body, '');
  };
  context.on('request', (req) => {
    if (new URL(req.url()).origin !== origin) return;
    const headers = req.headers();
    for (const c of (headers.cookie ?? '').split(';')) {
      const [name, ...value] = c.trim().split('=');
      if (name) server.noteSecret(`cookie ${name}`, value.join('='));
    }
    if (headers.authorization) server.noteSecret('Authorization header', headers.authorization.replace(/^Bearer /, ''));
    fromJSON('request', req.postData());
  });
  context.on('response', async (res) => {
    if (new URL(res.url()).origin !== origin) return;
    try {
      const setCookie = await res.headerValue('set-cookie');
      for (const line of (setCookie ?? '').split('\n')) {
        const [pair] = line.split(';');
        const [name, ...value] = pair.trim().split('=');
        if (name) server.noteSecret(`cookie ${name}`, value.join('='));
      }
      if ((res.headers()['content-type'] ?? '').includes('json')) fromJSON('response', await res.text());
    } catch {
      // the page navigated away or closed before the body was read: nothing to note
    }
  });
}

export async function signInThroughForm(page: Page, email: string, password = demoPassword) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: false }).first().fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}
