import { describe, expect, it } from 'vitest';
import { attachmentFilename, CsvRowCounter, exportParams, exportPath, exportUrl } from './export-params';

const url = (s: string) => new URLSearchParams(s);

describe('exportParams', () => {
  it('takes the Managed accounts page search, filters and order and leaves its cursor out', () => {
    const page = url(
      'search=%20ada%20&status=ACTIVE&twoStepVerification=false&hasSiteAccess=true&policyId=pol_1&lastActiveBefore=2026-01-01T00:00:00Z&orderBy=EMAIL&direction=DESC&after=cur&page=3',
    );
    expect(Object.fromEntries(exportParams('managedAccounts', page))).toEqual({
      search: 'ada',
      status: 'ACTIVE',
      twoStepVerification: 'false',
      hasSiteAccess: 'true',
      policyId: 'pol_1',
      lastActiveBefore: '2026-01-01T00:00:00Z',
      orderBy: 'EMAIL',
      direction: 'DESC',
    });
  });

  it("names the page's default order (name, A to Z) when the URL leaves it out", () => {
    expect(exportParams('managedAccounts', url('neverActive=true')).toString()).toBe(
      'neverActive=true&orderBy=NAME&direction=ASC',
    );
    expect(exportParams('users', url('')).toString()).toBe('orderBy=NAME&direction=ASC');
  });

  it("drops another page's parameters and empty values", () => {
    const page = url('search=&siteId=site_1&hasSiteAccess=true&before=cur&groupId=grp_1&product=JIRA&managed=false');
    expect(Object.fromEntries(exportParams('users', page))).toEqual({
      siteId: 'site_1',
      groupId: 'grp_1',
      product: 'JIRA',
      managed: 'false',
      orderBy: 'NAME',
      direction: 'ASC',
    });
  });

  it('adds the Users options: active only and groups pivoted', () => {
    const page = url('status=ACTIVE&orderBy=LAST_ACTIVE&direction=DESC');
    expect(exportParams('users', page, { activeOnly: true, pivotGroups: true }).toString()).toBe(
      'status=ACTIVE&orderBy=LAST_ACTIVE&direction=DESC&activeOnly=true&groups=pivot',
    );
    expect(exportParams('users', page, { activeOnly: false, pivotGroups: false }).toString()).toBe(
      'status=ACTIVE&orderBy=LAST_ACTIVE&direction=DESC',
    );
  });
});

describe('exportPath and exportUrl', () => {
  it('point at the export of the organization or the site', () => {
    expect(exportPath('managedAccounts', { organizationId: 'org_1' })).toBe('/export/orgs/org_1/managed-accounts.csv');
    expect(exportPath('users', { organizationId: 'org_1' })).toBe('/export/orgs/org_1/users.csv');
    expect(exportPath('users', { siteId: 'site_1' })).toBe('/export/sites/site_1/users.csv');
    expect(exportUrl('users', { siteId: 'site_1' }, url('search=bo b'), { activeOnly: true, pivotGroups: false })).toBe(
      '/export/sites/site_1/users.csv?search=bo+b&orderBy=NAME&direction=ASC&activeOnly=true',
    );
  });
});

describe('CsvRowCounter', () => {
  it('counts records, not line breaks inside quoted cells, across pieces', () => {
    const c = new CsvRowCounter();
    c.push('Name,Email\r\n');
    expect(c.rows).toBe(0);
    c.push('"Ada\r\nLovelace",ada@x.test\r\n"Bo ""the');
    expect(c.rows).toBe(1);
    c.push(' boss""\n, and co",bo@x.test\r\n');
    expect(c.rows).toBe(2);
  });
});

describe('attachmentFilename', () => {
  it('reads the file name of Content-Disposition', () => {
    expect(attachmentFilename('attachment; filename="acme-users-2026-03-01.csv"', 'x.csv')).toBe('acme-users-2026-03-01.csv');
    expect(attachmentFilename("attachment; filename*=UTF-8''caf%C3%A9.csv", 'x.csv')).toBe('café.csv');
    expect(attachmentFilename(null, 'x.csv')).toBe('x.csv');
  });
});
