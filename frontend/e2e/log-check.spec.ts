// The log check every e2e server's stop() runs (harness.ts): it must fail on a leaked
// secret, and refuse to pass when it could not have seen one.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLogHoldsNoSecret } from './harness';

const line = (extra: string) => `{"level":"INFO","msg":"request","path":"/query","status":200${extra}}\n`;

describe('checkLogHoldsNoSecret', () => {
  const logFile = join(mkdtempSync(join(tmpdir(), 'orgdir-log-check-')), 'orgdir.log');
  const secrets = new Map([
    ['session-cookie-value-123', 'cookie orgdir_session'],
    ['demo-password-xyz', "the demo admins' password"],
  ]);

  it('fails naming the kind of secret (not the secret) when the log holds one', () => {
    const log = line(',"actor":"acc_1"') + line(',"note":"session-cookie-value-123"');
    expect(() => checkLogHoldsNoSecret(log, logFile, secrets)).toThrow(/contains secrets: cookie orgdir_session$/);
  });

  it('passes a clean log and records what it checked', () => {
    checkLogHoldsNoSecret(line(',"actor":"acc_1"'), logFile, secrets);
    expect(readFileSync(`${logFile}.checked`, 'utf8')).toContain('2 secrets not in the log');
  });

  it('refuses a log without request lines, or signed-in requests with no cookie or key noted', () => {
    expect(() => checkLogHoldsNoSecret('orgdir is listening\n', logFile, secrets)).toThrow(/no request log line/);
    const passwordOnly = new Map([['demo-password-xyz', "the demo admins' password"]]);
    expect(() => checkLogHoldsNoSecret(line(',"actor":"acc_1"'), logFile, passwordOnly)).toThrow(/blind/);
  });
});
