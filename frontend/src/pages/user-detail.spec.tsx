import { notifications } from '@mantine/notifications';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { account, membership } from '../components/users/test-fixtures';
import { codeError, createTestClient } from '../test/graphql-test-client';
import { renderWithProviders } from '../test/render';
import { UserDetailPage } from './user-detail';

const acme = { id: 'org_acme', name: 'Acme', sites: [{ id: 'sit_eng', name: 'acme-eng' }] };

function client(acc: ReturnType<typeof account>, extra = {}) {
  const m = membership('mem_1', acc);
  return createTestClient({
    UserDetailQuery: {
      node: { ...acc, memberships: [m, { ...m, id: 'mem_other', site: { ...m.site, id: 'sit_other', organization: { id: 'org_other' } } }] },
      organization: acme,
    },
    ...extra,
  });
}

function renderPage(c: ReturnType<typeof createTestClient>, accountId: string) {
  renderWithProviders(<UserDetailPage scope={{ organizationId: 'org_acme' }} accountId={accountId} />, {
    route: `/o/org_acme/users/${accountId}`,
    path: '/o/:orgId/users/:accountId',
    client: c,
  });
  return userEvent.setup();
}

// Notifications live in a store shared by every test: start each test without them.
afterEach(() => notifications.clean());

describe('UserDetailPage', () => {
  it('offers Update details, leading to Managed accounts, for an account the organization manages', async () => {
    renderPage(client(account('acc_ada', 'Ada Castillo', 'ada@acme.test', true)), 'acc_ada');
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Castillo' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Update details' })).toHaveAttribute('href', '/o/org_acme/members/acc_ada');
    expect(screen.queryByRole('button', { name: 'Suggest changes' })).not.toBeInTheDocument();
    // Only the memberships on the organization's own sites.
    expect(screen.getAllByRole('region', { name: 'acme-eng' })).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Suspend on every site' })).toBeInTheDocument();
  });

  it('offers only Suggest changes for an external account, and sends only what changed', async () => {
    const c = client(account('acc_sam', 'Sam Partner', 'sam@example.org', false), {
      SuggestAccountChangesMutation: { suggestAccountChanges: true },
    });
    const user = renderPage(c, 'acc_sam');
    await screen.findByRole('heading', { level: 1, name: 'Sam Partner' });
    expect(screen.queryByRole('link', { name: 'Update details' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Suggest changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suggest changes to Sam Partner' });
    expect(dialog).toHaveTextContent('another organization manages it, or its owner does');

    await user.click(within(dialog).getByRole('button', { name: 'Send suggestion' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Change at least one detail to suggest it.');

    await user.type(within(dialog).getByRole('textbox', { name: 'Job title' }), 'Field engineer');
    await user.click(within(dialog).getByRole('button', { name: 'Send suggestion' }));
    expect(await screen.findByText('Suggestion sent')).toBeInTheDocument();
    expect(c.calls.find((x) => x.name === 'SuggestAccountChangesMutation')?.variables).toEqual({
      accountId: 'acc_sam',
      input: { jobTitle: 'Field engineer' },
    });
  });

  it('says what to do when the person is on none of the organization\'s sites', async () => {
    const acc = account('acc_zed', 'Zed Claimed', 'zed@acme.test', true);
    const c = createTestClient({ UserDetailQuery: { node: { ...acc, memberships: [] }, organization: acme } });
    renderPage(c, 'acc_zed');
    expect(await screen.findByText("Zed Claimed is not a user of Acme's sites")).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open on Managed accounts' })).toHaveAttribute('href', '/o/org_acme/members/acc_zed');
  });

  it('shows an unknown account as not found', async () => {
    const c = createTestClient({
      UserDetailQuery: {
        node: () => {
          throw codeError('NOT_FOUND', 'not found');
        },
        organization: acme,
      },
    });
    renderPage(c, 'acc_nobody');
    expect(await screen.findByText('This does not exist, or you do not administer it.')).toBeInTheDocument();
  });
});
