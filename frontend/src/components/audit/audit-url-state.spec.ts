import { describe, expect, it } from 'vitest';
import { auditEventFilter, auditUrlParams, emptyAuditState, parseAuditUrl } from './audit-url-state';

describe('the Audit log URL state', () => {
  it('reads actor, action, target, days and cursor, and writes them back the same', () => {
    const query = 'actorId=acc_1&action=api_key.created&targetId=key_9&from=2026-03-01&to=2026-03-31&cursor=abc';
    const state = parseAuditUrl(new URLSearchParams(query));
    expect(state).toEqual({
      actorId: 'acc_1',
      action: 'api_key.created',
      targetId: 'key_9',
      from: '2026-03-01',
      to: '2026-03-31',
      cursor: 'abc',
    });
    expect(auditUrlParams(state).toString()).toBe(query);
  });

  it('ignores empty values and days that are not dates', () => {
    const state = parseAuditUrl(new URLSearchParams('actorId=&action=%20&from=yesterday&to=2026-13-45'));
    expect(state).toEqual(emptyAuditState);
    expect(auditUrlParams(state).toString()).toBe('');
  });

  it('asks the API for the whole days chosen, in UTC', () => {
    expect(auditEventFilter({ ...emptyAuditState, from: '2026-02-28', to: '2026-02-28' })).toEqual({
      after: '2026-02-28T00:00:00Z',
      before: '2026-03-01T00:00:00Z',
    });
    expect(auditEventFilter({ ...emptyAuditState, to: '2026-12-31' })).toEqual({ before: '2027-01-01T00:00:00Z' });
    expect(auditEventFilter({ ...emptyAuditState, cursor: 'abc' })).toBeNull();
  });
});
