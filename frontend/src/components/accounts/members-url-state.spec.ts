import { describe, expect, it } from 'vitest';
import { membersQueryVariables, membersUrlParams, parseMembersUrl } from './members-url-state';

describe('the Managed accounts URL state', () => {
  it('reads every filter, the order and the page from the URL with the names of the GraphQL filter', () => {
    const state = parseMembersUrl(
      new URLSearchParams(
        'search=ann&status=DEACTIVATED&twoStepVerification=false&hasSiteAccess=false&policyId=pol_1' +
          '&lastActiveBefore=2026-01-31T00:00:00Z&orderBy=LAST_ACTIVE&direction=DESC&after=c50&page=2',
      ),
    );
    expect(membersQueryVariables('org_1', state)).toEqual({
      orgId: 'org_1',
      search: 'ann',
      where: {
        status: 'DEACTIVATED',
        twoStepVerification: false,
        hasSiteAccess: false,
        policyId: 'pol_1',
        lastActiveBefore: '2026-01-31T00:00:00Z',
      },
      orderBy: { field: 'LAST_ACTIVE', direction: 'DESC' },
      first: 50,
      after: 'c50',
    });
    expect(state.page).toBe(2);
  });

  it('pages backwards with last/before', () => {
    const vars = membersQueryVariables('org_1', parseMembersUrl(new URLSearchParams('before=c51&page=2')));
    expect(vars).toMatchObject({ last: 50, before: 'c51' });
    expect(vars).not.toHaveProperty('first');
  });

  it('writes back the same parameters, leaving defaults out', () => {
    const query = 'search=ann&status=ACTIVE&neverActive=true&orderBy=EMAIL&direction=ASC&after=c50&page=2';
    expect(membersUrlParams(parseMembersUrl(new URLSearchParams(query))).toString()).toBe(query);
    expect(membersUrlParams(parseMembersUrl(new URLSearchParams('orderBy=NAME&direction=ASC&page=1'))).toString()).toBe(
      '',
    );
  });

  it('ignores values it does not know instead of sending them to the server', () => {
    const state = parseMembersUrl(
      new URLSearchParams('status=DELETED&twoStepVerification=maybe&lastActiveAfter=soon&orderBy=ID'),
    );
    expect(membersQueryVariables('org_1', state)).toMatchObject({
      where: null,
      orderBy: { field: 'NAME', direction: 'ASC' },
    });
  });
});
