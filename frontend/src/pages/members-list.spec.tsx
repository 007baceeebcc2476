import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { codeError, createTestClient, type TestClient } from '../test/graphql-test-client';
import { renderWithProviders } from '../test/render';
import { MembersListPage } from './members-list';

// The chart (recharts) has no size to draw at in jsdom; its numbers are in the card's list.
vi.mock('../components/accounts/last-active-chart', () => ({ default: () => null }));

type Status = 'ACTIVE' | 'DEACTIVATED' | 'PENDING_DELETION';

function account(i: number, status: Status = 'ACTIVE', extra: Record<string, unknown> = {}) {
  return {
    id: `acc_${i}`,
    name: `Person ${i}`,
    email: `person${i}@acme.test`,
    status,
    lastActiveAt: null,
    twoStepVerification: i % 2 === 0,
    authenticationPolicy: { id: 'pol_default', name: 'Default policy' },
    deletionScheduledFor: status === 'PENDING_DELETION' ? '2026-03-15T10:00:00Z' : null,
    provisioned: false,
    memberships: [{ id: `mem_${i}` }],
    ...extra,
  };
}

const stats = {
  total: 3,
  active: 2,
  deactivated: 1,
  pendingDeletion: 0,
  secureLogin: 2,
  secureLoginPercent: 66.7,
  billable: 2,
  withoutSiteAccess: 1,
  lastActive: { last30Days: 1, days30To90: 1, over90Days: 0, never: 1 },
};

function listFixture(accounts: unknown[], pageInfo: Record<string, unknown> = {}, totalCount = accounts.length) {
  return () => ({
    organization: ({ id }: { id: string }) => ({
      id,
      managedAccountStats: stats,
      authenticationPolicies: [
        { id: 'pol_default', name: 'Default policy' },
        { id: 'pol_contractors', name: 'Contractors' },
      ],
      managedAccounts: {
        totalCount,
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: 'c1', endCursor: 'c50', ...pageInfo },
        edges: accounts.map((node) => ({ cursor: 'c', node })),
      },
    }),
  });
}

function Location() {
  const { search } = useLocation();
  return <div data-testid="url-query">{search}</div>;
}

/** Chooses an option of a Mantine Select (its closed lists stay in the page, hidden). */
async function choose(user: ReturnType<typeof userEvent.setup>, label: string, option: string) {
  const combobox = screen.getByRole('combobox', { name: label });
  await user.click(combobox);
  const list = await waitFor(() => {
    const el = document.getElementById(combobox.getAttribute('aria-controls') ?? '');
    if (!el) throw new Error(`the options of ${label} are not open`);
    return el;
  });
  await user.click(within(list).getByRole('option', { name: option, hidden: true }));
}

function renderPage(client: TestClient, query = '') {
  renderWithProviders(
    <>
      <MembersListPage orgId="org_acme" />
      <Location />
    </>,
    { route: `/o/org_acme/members${query}`, path: '/o/:orgId/members', client },
  );
}

const urlQuery = () => new URLSearchParams(screen.getByTestId('url-query').textContent ?? '');
const lastCall = (client: TestClient, name: string) => client.calls.filter((c) => c.name === name).at(-1)!;

describe('MembersListPage', { timeout: 60_000 }, () => {
  it('shows the counts, the badges and "Name (Deactivated)", each name linking to the account page', async () => {
    const client = createTestClient({
      MembersListQuery: listFixture([
        account(1),
        account(2, 'DEACTIVATED'),
        account(3, 'PENDING_DELETION', { provisioned: true, memberships: [] }),
      ]),
    });
    renderPage(client);
    const table = await screen.findByRole('table', { name: 'Managed accounts' });
    expect(screen.getByRole('list', { name: 'Managed account counts' })).toHaveTextContent('Secure login66.7%2 of 3');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[1]).getByRole('link', { name: 'Person 2 (Deactivated)' })).toHaveAttribute(
      'href',
      '/o/org_acme/members/acc_2',
    );
    expect(within(rows[1]).getByText('Deactivated')).toBeInTheDocument();
    expect(within(rows[2]).getByText(/Pending deletion · 15 Mar 2026/)).toBeInTheDocument();
    expect(within(rows[2]).getByText('Provisioned')).toBeInTheDocument();
    expect(within(rows[2]).getByText('No site access')).toBeInTheDocument();
    expect(within(rows[0]).queryByText('No site access')).not.toBeInTheDocument();
    expect(screen.getByText('3 accounts')).toBeInTheDocument();
  });

  it('asks the server for the filters, order and page of the URL, so that a shared link shows the same list', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([account(1)]) });
    renderPage(client, '?hasSiteAccess=false&status=ACTIVE&orderBy=EMAIL&direction=DESC&after=c50&page=2');
    await screen.findByRole('table', { name: 'Managed accounts' });
    expect(lastCall(client, 'MembersListQuery').variables).toMatchObject({
      orgId: 'org_acme',
      where: { hasSiteAccess: false, status: 'ACTIVE' },
      orderBy: { field: 'EMAIL', direction: 'DESC' },
      first: 50,
      after: 'c50',
    });
    expect(screen.getByRole('combobox', { name: 'Site access' })).toHaveValue('No site access');
    expect(screen.getByRole('combobox', { name: 'Status' })).toHaveValue('Active');
    expect(screen.getByRole('columnheader', { name: /Email/ })).toHaveAttribute('aria-sort', 'descending');
  });

  it('puts a chosen filter in the URL and starts again from the first page', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([account(1)]) });
    renderPage(client, '?after=c50&page=2');
    await screen.findByRole('table', { name: 'Managed accounts' });
    const user = userEvent.setup();
    await choose(user, 'Two-step verification', 'Off');
    await waitFor(() => expect(urlQuery().toString()).toBe('twoStepVerification=false'));
    await waitFor(() =>
      expect(lastCall(client, 'MembersListQuery').variables).toMatchObject({
        where: { twoStepVerification: false },
        after: null,
      }),
    );
  });

  it('sends the search after typing stops, and keeps it in the URL', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([account(1)]) });
    renderPage(client);
    await screen.findByRole('table', { name: 'Managed accounts' });
    const before = client.calls.length;
    // Keystrokes without pauses between them, so that a slow machine cannot pause longer than the debounce.
    const user = userEvent.setup({ delay: null });
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'ada');
    // nothing is sent for each keystroke
    expect(client.calls.length).toBe(before);
    await waitFor(() => expect(urlQuery().get('search')).toBe('ada'));
    await waitFor(() => expect(lastCall(client, 'MembersListQuery').variables).toMatchObject({ search: 'ada' }));
    expect(client.calls.filter((c) => c.name === 'MembersListQuery' && c.variables.search === 'ad')).toEqual([]);
  });

  it('filters by last active before a date, and by never active', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([account(1)]) });
    renderPage(client, '?lastActiveBefore=2026-01-31T00:00:00Z');
    await screen.findByRole('table', { name: 'Managed accounts' });
    expect(screen.getByLabelText('Last active before')).toHaveValue('2026-01-31');
    const user = userEvent.setup();
    await choose(user, 'Last active', 'Never');
    await waitFor(() => expect(urlQuery().toString()).toBe('neverActive=true'));
    await waitFor(() =>
      expect(lastCall(client, 'MembersListQuery').variables).toMatchObject({ where: { neverActive: true } }),
    );
  });

  it('sorts by a column header, and then the other way', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([account(1)]) });
    renderPage(client);
    await screen.findByRole('table', { name: 'Managed accounts' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Last active: sort ascending' }));
    await waitFor(() => expect(urlQuery().toString()).toBe('orderBy=LAST_ACTIVE&direction=ASC'));
    await user.click(await screen.findByRole('button', { name: 'Last active: sort descending' }));
    await waitFor(() => expect(urlQuery().toString()).toBe('orderBy=LAST_ACTIVE&direction=DESC'));
  });

  it('pages forward and back with the cursors of the page shown', async () => {
    const client = createTestClient({
      MembersListQuery: listFixture(
        Array.from({ length: 50 }, (_, i) => account(i + 1)),
        { hasNextPage: true, startCursor: 'first-of-page', endCursor: 'last-of-page' },
        120,
      ),
    });
    renderPage(client, '?status=ACTIVE');
    await screen.findByRole('table', { name: 'Managed accounts' });
    expect(screen.getByText('1–50 of 120 accounts')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(urlQuery().toString()).toBe('status=ACTIVE&after=last-of-page&page=2'));
    expect(await screen.findByText('51–100 of 120 accounts')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(urlQuery().get('page')).toBe('3'));
    await user.click(await screen.findByRole('button', { name: 'Previous' }));
    await waitFor(() => expect(urlQuery().toString()).toBe('status=ACTIVE&before=first-of-page&page=2'));
    expect(lastCall(client, 'MembersListQuery').variables).toMatchObject({ last: 50, before: 'first-of-page' });
  });

  it('says what to do when nothing matches, and clears the filters', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([]) });
    renderPage(client, '?search=zzz&status=DEACTIVATED');
    expect(await screen.findByText('No managed accounts match this search and these filters')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(screen.getByRole('status')).getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(urlQuery().toString()).toBe(''));
  });

  it('explains how accounts become managed when the organization manages none', async () => {
    const client = createTestClient({ MembersListQuery: listFixture([]) });
    renderPage(client);
    expect(await screen.findByText('Your organization does not manage any accounts yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to Domains' })).toHaveAttribute('href', '/o/org_acme/domains');
  });

  it('shows an error by its code', async () => {
    const client = createTestClient({
      MembersListQuery: {
        organization: () => {
          throw codeError('FORBIDDEN', 'forbidden');
        },
      },
    });
    renderPage(client);
    expect(await screen.findByRole('alert')).toHaveTextContent('Your admin role does not allow this.');
  });
});

describe('bulk deactivate and reactivate', { timeout: 60_000 }, () => {
  it('deactivates the selected rows after a confirmation and shows the result of each one', async () => {
    const client = createTestClient({
      MembersListQuery: listFixture([account(1), account(2), account(3, 'DEACTIVATED')]),
      DeactivateAccountsMutation: {
        deactivateAccounts: ({ accountIds }: { accountIds: string[] }) =>
          accountIds.map((id) =>
            id === 'acc_3'
              ? { accountId: id, account: null, error: { code: 'INVALID_STATE', message: 'the account is not active' } }
              : { accountId: id, account: { id, name: `Person ${id.slice(4)}`, status: 'DEACTIVATED' }, error: null },
          ),
      },
    });
    renderPage(client);
    const table = await screen.findByRole('table', { name: 'Managed accounts' });
    const user = userEvent.setup();
    await user.click(within(table).getByRole('checkbox', { name: 'Select Person 1' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Select Person 3 (Deactivated)' }));
    expect(screen.getByText('2 accounts selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Deactivate' }));

    const dialog = await screen.findByRole('dialog', { name: 'Deactivate 2 accounts?' });
    expect(dialog).toHaveTextContent('To undo, reactivate them');
    expect(dialog).toHaveTextContent('1 selected account is not active and will be reported as not possible');
    await user.type(within(dialog).getByLabelText(/Message to the people/), 'Contract ended');
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate 2 accounts' }));

    const results = await screen.findByRole('status');
    expect(results).toHaveTextContent('Deactivated 1 of 2 accounts; 1 could not be deactivated');
    const items = within(results)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      'Person 1 (Deactivated): Deactivated',
      'Person 3 (Deactivated): Not possible right now. The account is not active.',
    ]);
    expect(lastCall(client, 'DeactivateAccountsMutation').variables).toEqual({
      accountIds: ['acc_1', 'acc_3'],
      message: 'Contract ended',
    });
    expect(screen.queryByText('2 accounts selected')).not.toBeInTheDocument();
  });

  it('reactivates every row of the page selected at once', async () => {
    const client = createTestClient({
      MembersListQuery: listFixture([account(1, 'DEACTIVATED'), account(2, 'DEACTIVATED')]),
      ReactivateAccountsMutation: {
        reactivateAccounts: ({ accountIds }: { accountIds: string[] }) =>
          accountIds.map((id) => ({
            accountId: id,
            account: { id, name: `Person ${id.slice(4)}`, status: 'ACTIVE' },
            error: null,
          })),
      },
    });
    renderPage(client);
    await screen.findByRole('table', { name: 'Managed accounts' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select all accounts on this page' }));
    await user.click(screen.getByRole('button', { name: 'Reactivate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reactivate 2 accounts?' });
    await user.click(within(dialog).getByRole('button', { name: 'Reactivate 2 accounts' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Reactivated 2 of 2 accounts');
    expect(lastCall(client, 'ReactivateAccountsMutation').variables).toEqual({ accountIds: ['acc_1', 'acc_2'] });
  });

  it('keeps the dialog open with the error when the whole request fails', async () => {
    const client = createTestClient({
      MembersListQuery: listFixture([account(1)]),
      DeactivateAccountsMutation: {
        deactivateAccounts: () => {
          throw codeError('FORBIDDEN', 'forbidden');
        },
      },
    });
    renderPage(client);
    await screen.findByRole('table', { name: 'Managed accounts' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Select Person 1' }));
    await user.click(screen.getByRole('button', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate 1 account?' });
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate 1 account' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Your admin role does not allow this.');
  });
});
