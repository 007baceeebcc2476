import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { UsersListPage } from '../../pages/users-list';
import { createTestClient } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { account, acmeSites, membership, pageInfo, pickOption, stats } from './test-fixtures';
import { parseUsersUrl, usersUrlParams } from './users-url-state';

function Location() {
  const { pathname, search } = useLocation();
  return <output data-testid="location">{pathname + search}</output>;
}

const ada = account('acc_ada', 'Ada Castillo', 'ada@acme.test');
const sam = account('acc_sam', 'Sam Partner', 'sam@example.org', false);

/** Original experience: Site.users of acme-eng, answering with `rows` whatever the arguments. */
function siteClient(rows = [membership('mem_ada', ada), membership('mem_sam', sam, 'SUSPENDED')], info = pageInfo()) {
  const usersArgs: Record<string, unknown>[] = [];
  const client = createTestClient({
    UsersListQuery: {
      site: ({ id }: { id: string }) => ({
        ...acmeSites[0],
        id,
        organization: { id: 'org_acme', name: 'Acme' },
        userStats: stats,
        users: (args: Record<string, unknown>) => {
          usersArgs.push(args);
          return { totalCount: rows.length, pageInfo: info, edges: rows.map((node, i) => ({ cursor: `c${i}`, node })) };
        },
      }),
    },
  });
  return { client, usersArgs };
}

/** Centralized experience: Organization.users of Acme. */
function orgClient() {
  const usersArgs: Record<string, unknown>[] = [];
  const engSite = { id: 'sit_eng', name: 'acme-eng' };
  const client = createTestClient({
    UsersListQuery: {
      organization: ({ id }: { id: string }) => ({
        id,
        name: 'Acme',
        sites: acmeSites,
        userStats: stats,
        users: (args: Record<string, unknown>) => {
          usersArgs.push(args);
          return {
            totalCount: 1,
            pageInfo: pageInfo(),
            edges: [
              {
                cursor: 'c0',
                node: {
                  id: 'ous_ada',
                  status: 'ACTIVE',
                  lastActiveAt: null,
                  account: ada,
                  memberships: [{ id: 'mem_ada', status: 'ACTIVE', site: engSite, groups: [] }],
                  productAccess: [{ product: 'JIRA', role: 'USER', site: engSite }],
                },
              },
            ],
          };
        },
      }),
    },
  });
  return { client, usersArgs };
}

function renderSitePage(route: string, client = siteClient()) {
  renderWithProviders(
    <>
      <UsersListPage scope={{ siteId: 'sit_eng' }} />
      <Location />
    </>,
    { route, path: '/s/:siteId/users', client: client.client },
  );
  return { ...client, user: userEvent.setup() };
}

const location = () => screen.getByTestId('location').textContent;
const lastArgs = (args: Record<string, unknown>[]) => args[args.length - 1];

describe('Users filters in the URL', () => {
  it('lists with the filters, search, order and page of the URL', async () => {
    const { usersArgs } = renderSitePage(
      '/s/sit_eng/users?search=ada&status=SUSPENDED&product=JIRA&groupId=grp_devs_eng&managed=false&orderBy=LAST_ACTIVE&direction=DESC&after=c9',
    );
    expect(await screen.findByRole('link', { name: 'Ada Castillo' })).toBeInTheDocument();
    expect(lastArgs(usersArgs)).toEqual({
      first: 50,
      after: 'c9',
      search: 'ada',
      where: { status: 'SUSPENDED', product: 'JIRA', groupId: 'grp_devs_eng', managed: false },
      orderBy: { field: 'LAST_ACTIVE', direction: 'DESC' },
    });
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('Suspended');
    expect(screen.getByRole('combobox', { name: 'Account' })).toHaveValue('External');
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveValue('ada');
    expect(screen.getByRole('columnheader', { name: /last active/i })).toHaveAttribute('aria-sort', 'descending');
  });

  it('writes a chosen filter into the URL and goes back to the first page', async () => {
    const { usersArgs, user } = renderSitePage('/s/sit_eng/users?after=c9');
    await screen.findByRole('link', { name: 'Ada Castillo' });
    await pickOption(user, screen.getByRole('combobox', { name: 'Product' }), 'Bitbucket');
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?product=BITBUCKET'));
    await pickOption(user, screen.getByRole('combobox', { name: 'Account' }), 'Managed');
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?product=BITBUCKET&managed=true'));
    await waitFor(() => expect(lastArgs(usersArgs)).toMatchObject({ after: null, where: { product: 'BITBUCKET', managed: true } }));
  });

  it('filters by status from the counts', async () => {
    const { user } = renderSitePage('/s/sit_eng/users');
    await user.click(await screen.findByRole('button', { name: /^Invited\s*1/ }));
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?status=INVITED'));
    expect(screen.getByRole('button', { name: /^Invited\s*1/ })).toHaveAttribute('aria-pressed', 'true');
  });

  it('searches once typing pauses', async () => {
    const { usersArgs } = renderSitePage('/s/sit_eng/users?status=ACTIVE');
    await screen.findByRole('link', { name: 'Ada Castillo' });
    const calls = usersArgs.length;
    // Keystrokes without pauses between them, so that a slow machine cannot pause longer than the debounce.
    const user = userEvent.setup({ delay: null });
    await user.type(screen.getByRole('textbox', { name: 'Search' }), 'sam');
    expect(location()).toBe('/s/sit_eng/users?status=ACTIVE');
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?search=sam&status=ACTIVE'));
    await waitFor(() => expect(lastArgs(usersArgs)).toMatchObject({ search: 'sam' }));
    // Requests for the whole word only, not one per letter.
    expect(usersArgs.slice(calls).map((a) => a.search)).toEqual(usersArgs.slice(calls).map(() => 'sam'));
  });

  it('sorts by a column header, then reverses it', async () => {
    const { user } = renderSitePage('/s/sit_eng/users');
    await screen.findByRole('link', { name: 'Ada Castillo' });
    await user.click(screen.getByRole('button', { name: 'Sort by email, ascending' }));
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?orderBy=EMAIL&direction=ASC'));
    await user.click(screen.getByRole('button', { name: 'Sort by email, descending' }));
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?orderBy=EMAIL&direction=DESC'));
  });

  it('pages with the cursors of the list', async () => {
    const { usersArgs, user } = renderSitePage('/s/sit_eng/users?status=ACTIVE', siteClient(undefined, pageInfo({ hasNextPage: true })));
    await screen.findByRole('link', { name: 'Ada Castillo' });
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?status=ACTIVE&after=cursor-end'));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Previous page' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users?status=ACTIVE&before=cursor-start'));
    await waitFor(() => expect(lastArgs(usersArgs)).toMatchObject({ last: 50, before: 'cursor-start' }));
  });

  it('says what to do when nothing matches, and clears the filters', async () => {
    const { user } = renderSitePage('/s/sit_eng/users?search=nobody&status=INVITED', siteClient([]));
    expect(await screen.findByText('No users match')).toBeInTheDocument();
    const empty = screen.getByText('Change the search or filters, or clear them to see everyone.').closest('div')!.parentElement!;
    await user.click(within(empty).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(location()).toBe('/s/sit_eng/users'));
    expect(screen.getByRole('textbox', { name: 'Search' })).toHaveValue('');
  });

  it('invites first when a site has no users yet', async () => {
    renderSitePage('/s/sit_eng/users', siteClient([]));
    expect(await screen.findByText('No users yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Invite users' })).toHaveLength(2);
  });

  it('offers the site filter in the centralized experience, and only that site\'s groups once chosen', async () => {
    const { client, usersArgs } = orgClient();
    renderWithProviders(
      <>
        <UsersListPage scope={{ organizationId: 'org_acme' }} />
        <Location />
      </>,
      { route: '/o/org_acme/users?groupId=grp_jsm_users_support', path: '/o/:orgId/users', client },
    );
    const user = userEvent.setup();
    await screen.findByRole('link', { name: 'Ada Castillo' });
    await pickOption(user, screen.getByRole('combobox', { name: 'Site' }), 'acme-eng');
    // The group of acme-support would match nobody on acme-eng: it is dropped.
    await waitFor(() => expect(location()).toBe('/o/org_acme/users?siteId=sit_eng'));
    await waitFor(() => expect(lastArgs(usersArgs)).toMatchObject({ where: { siteId: 'sit_eng' } }));
    await user.click(screen.getByRole('combobox', { name: 'Group' }));
    const list = document.getElementById(screen.getByRole('combobox', { name: 'Group' }).getAttribute('aria-controls')!)!;
    const names = within(list)
      .getAllByRole('option', { hidden: true })
      .map((o) => o.textContent);
    expect(names).toEqual(['jira-users-acme-eng', 'jira-admins-acme-eng', 'developers']);
  });
});

describe('users URL state', () => {
  it('leaves defaults out and ignores values it does not know', () => {
    const state = parseUsersUrl(new URLSearchParams('status=GONE&product=JIRA&orderBy=NAME&direction=ASC&managed=maybe'));
    expect(state).toMatchObject({ status: null, product: 'JIRA', managed: null, orderBy: 'NAME', direction: 'ASC' });
    expect(usersUrlParams(state).toString()).toBe('product=JIRA');
  });
});
