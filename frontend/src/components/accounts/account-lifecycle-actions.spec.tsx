import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../../gql';
import { codeError, createTestClient, type Fixtures } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { AccountLifecycleActions, AccountLifecycleActions_AccountFragment } from './account-lifecycle-actions';
import { deletionDate, formatDate } from './format';

type Status = 'ACTIVE' | 'DEACTIVATED' | 'PENDING_DELETION';

function renderActions(status: Status, fixtures: Fixtures = {}, extra: Record<string, unknown> = {}) {
  const client = createTestClient(fixtures);
  const account = makeFragmentData(
    {
      id: 'acc_ada',
      name: 'Ada Berg',
      email: 'ada@acme.test',
      status,
      managed: true,
      deletionScheduledFor: status === 'PENDING_DELETION' ? '2026-03-15T09:00:00Z' : null,
      ...extra,
    },
    AccountLifecycleActions_AccountFragment,
  );
  renderWithProviders(<AccountLifecycleActions account={account} />, { client });
  return client;
}

const buttons = () => screen.queryAllByRole('button').map((b) => b.textContent);

describe('AccountLifecycleActions', { timeout: 20_000 }, () => {
  it('offers deactivate and delete for an active account, reactivate and delete for a deactivated one', () => {
    renderActions('ACTIVE');
    expect(buttons()).toEqual(['Deactivate', 'Delete']);
  });

  it('offers reactivate and delete for a deactivated account', () => {
    renderActions('DEACTIVATED');
    expect(buttons()).toEqual(['Reactivate', 'Delete']);
  });

  it('offers only cancel deletion while the deletion is pending', () => {
    renderActions('PENDING_DELETION');
    expect(buttons()).toEqual(['Cancel deletion']);
  });

  it('offers nothing for an account the organization does not manage', () => {
    renderActions('ACTIVE', {}, { managed: false });
    expect(buttons()).toEqual([]);
  });

  it('says before deleting that the account is pending deletion for 14 days, then deleted for good, and until when to cancel', async () => {
    const client = renderActions('ACTIVE', {
      DeleteAccountMutation: {
        deleteAccount: () => ({ id: 'acc_ada', status: 'PENDING_DELETION', deletionScheduledFor: deletionDate() }),
      },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Ada Berg?' });
    const date = formatDate(deletionDate());
    expect(dialog).toHaveTextContent(`stays pending deletion for 14 days, then is deleted for good on ${date}`);
    expect(dialog).toHaveTextContent(`To undo, cancel the deletion any time before ${date}`);
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));
    await waitFor(() => expect(client.calls.map((c) => c.name)).toEqual(['DeleteAccountMutation']));
    expect(await screen.findByText('Ada Berg is scheduled for deletion in 14 days.')).toBeInTheDocument();
  });

  it('says what deactivation does and how to undo it, and sends the optional message', async () => {
    const client = renderActions('ACTIVE', {
      DeactivateAccountMutation: { deactivateAccount: () => ({ id: 'acc_ada', status: 'DEACTIVATED' }) },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Deactivate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Deactivate Ada Berg?' });
    expect(dialog).toHaveTextContent('can no longer sign in to any site');
    expect(dialog).toHaveTextContent('Their site memberships, groups and product access are kept');
    expect(dialog).toHaveTextContent('To undo, reactivate the account at any time');
    await user.type(within(dialog).getByLabelText(/Message/), 'Parental leave');
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate account' }));
    await waitFor(() =>
      expect(client.calls).toEqual([
        { name: 'DeactivateAccountMutation', variables: { accountId: 'acc_ada', message: 'Parental leave' } },
      ]),
    );
  });

  it('says that cancelling a deletion makes the account active again', async () => {
    renderActions('PENDING_DELETION');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Cancel deletion' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel the deletion of Ada Berg?' });
    expect(dialog).toHaveTextContent('Ada Berg will not be deleted on 15 Mar 2026. The account becomes active again');
    expect(dialog).toHaveTextContent('a new 14-day grace period starts then');
  });

  it('keeps the dialog open with the error when the server refuses', async () => {
    renderActions('DEACTIVATED', {
      ReactivateAccountMutation: {
        reactivateAccount: () => {
          throw codeError('INVALID_STATE', 'the account is pending deletion; cancel the deletion first');
        },
      },
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Reactivate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reactivate Ada Berg?' });
    expect(dialog).toHaveTextContent('To undo, deactivate the account again.');
    await user.click(within(dialog).getByRole('button', { name: 'Reactivate account' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The account is pending deletion; cancel the deletion first.',
    );
  });
});
