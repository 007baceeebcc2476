import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from './auth';

describe('safeNextPath', () => {
  it('returns to a path of the app with its query', () => {
    expect(safeNextPath('/o/org_1/members?status=ACTIVE')).toBe('/o/org_1/members?status=ACTIVE');
  });

  it.each([null, '', 'https://evil.test/', '//evil.test/x', '/\\evil.test', 'javascript:alert(1)', '/login', '/login?next=/x', '/a\nb'])(
    'refuses %j and goes to the start page instead',
    (next) => {
      expect(safeNextPath(next)).toBe('/');
    },
  );
});

describe('loginPath', () => {
  it('carries the current path in next', () => {
    expect(loginPath('/s/site_1/users?q=ann')).toBe('/login?next=%2Fs%2Fsite_1%2Fusers%3Fq%3Dann');
  });

  it('leaves next out for the start page', () => {
    expect(loginPath('/')).toBe('/login');
  });
});
