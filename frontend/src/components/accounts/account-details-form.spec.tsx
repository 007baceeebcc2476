import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeFragmentData } from '../../gql';
import { codeError, createTestClient, type Fixtures } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { AccountDetailsForm, AccountDetailsForm_AccountFragment } from './account-details-form';

const ada = {
  id: 'acc_ada',
  name: 'Ada Berg',
  nickname: null,
  jobTitle: 'Engineer',
  department: null,
  organization: null,
  location: null,
  timeZone: 'Europe/Berlin',
  status: 'ACTIVE' as 'ACTIVE' | 'DEACTIVATED' | 'PENDING_DELETION',
  provisioned: false,
  managed: true,
};

function renderForm(account: Partial<typeof ada> = {}, fixtures: Fixtures = {}) {
  const client = createTestClient(fixtures);
  const data = makeFragmentData({ ...ada, ...account }, AccountDetailsForm_AccountFragment);
  renderWithProviders(<AccountDetailsForm account={data} />, { client });
  return client;
}

const field = (label: string) => screen.getByRole('textbox', { name: new RegExp(`^${label}`) });

describe('AccountDetailsForm', { timeout: 20_000 }, () => {
  it('requires a name, said inline when the field is left', async () => {
    const client = renderForm();
    const user = userEvent.setup();
    await user.clear(field('Full name'));
    await user.tab();
    expect(await screen.findByText('Enter a name')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save details' }));
    expect(client.calls).toEqual([]);
  });

  it('refuses more than 255 characters', async () => {
    const client = renderForm();
    const user = userEvent.setup();
    await user.click(field('Department'));
    await user.paste('x'.repeat(256));
    await user.tab();
    expect(await screen.findByText('Use at most 255 characters')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save details' }));
    expect(client.calls).toEqual([]);
  });

  it('sends only the fields that changed, trimmed', async () => {
    const client = renderForm(
      {},
      {
        UpdateAccountDetailsMutation: {
          updateAccountDetails: ({ input }: { input: object }) => ({ ...ada, ...input }),
        },
      },
    );
    const user = userEvent.setup();
    await user.clear(field('Full name'));
    await user.type(field('Full name'), '  Ada Lovelace ');
    await user.type(field('Department'), 'Research');
    await user.click(screen.getByRole('button', { name: 'Save details' }));
    await waitFor(() => expect(client.calls.map((c) => c.name)).toEqual(['UpdateAccountDetailsMutation']));
    expect(client.calls[0].variables).toEqual({
      accountId: 'acc_ada',
      input: { name: 'Ada Lovelace', department: 'Research' },
    });
    expect(await screen.findByText('Details saved.')).toBeInTheDocument();
  });

  it('shows the server’s INVALID_INPUT on the field it names', async () => {
    renderForm(
      {},
      {
        UpdateAccountDetailsMutation: {
          updateAccountDetails: () => {
            throw codeError('INVALID_INPUT', 'name is not valid text', 'input.name');
          },
        },
      },
    );
    const user = userEvent.setup();
    await user.type(field('Full name'), '!');
    await user.click(screen.getByRole('button', { name: 'Save details' }));
    expect(await screen.findByText('Name is not valid text.')).toBeInTheDocument();
    expect(field('Full name')).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows other errors above the buttons', async () => {
    renderForm(
      {},
      {
        UpdateAccountDetailsMutation: {
          updateAccountDetails: () => {
            throw codeError('NOT_MANAGED', 'not managed');
          },
        },
      },
    );
    const user = userEvent.setup();
    await user.type(field('Nickname'), 'Ada');
    await user.click(screen.getByRole('button', { name: 'Save details' }));
    const alert = (await screen.findByText('Could not save the details')).closest('[role="alert"]');
    expect(alert).toHaveTextContent('Your organization does not manage this account, so it cannot change it.');
  });

  it('is read-only for a provisioned account, and says where to edit it', () => {
    renderForm({ provisioned: true });
    expect(screen.getByText(/synced from your identity provider/)).toBeInTheDocument();
    expect(field('Full name')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save details' })).not.toBeInTheDocument();
  });

  it('is read-only while the account is pending deletion', () => {
    renderForm({ status: 'PENDING_DELETION' });
    expect(
      screen.getByText('This account is pending deletion. Cancel the deletion to edit its details.'),
    ).toBeInTheDocument();
    expect(field('Job title')).toBeDisabled();
  });
});
