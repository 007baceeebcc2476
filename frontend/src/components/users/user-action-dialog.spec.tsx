import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { codeError, createTestClient, type Fixtures } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { UserActionDialog, type UserActionRequest } from './user-action-dialog';
import type { ActionPlace, ActionTarget } from './user-action-wording';

const site: ActionPlace = { kind: 'site', siteId: 'sit_eng', siteName: 'acme-eng' };
const everySite: ActionPlace = {
  kind: 'organization',
  organizationId: 'org_acme',
  organizationName: 'Acme',
  siteNames: ['acme-eng', 'acme-support'],
};
const managed: ActionTarget = { accountId: 'acc_ada', name: 'Ada Castillo', email: 'ada@acme.test', managed: true };
const external: ActionTarget = { accountId: 'acc_ext', name: 'Sam Partner', email: 'sam@example.org', managed: false };

function open(request: UserActionRequest, fixtures: Fixtures = {}) {
  const client = createTestClient(fixtures);
  const onDone = vi.fn();
  const onClose = vi.fn();
  renderWithProviders(
    <UserActionDialog request={request} managedAccountPath="/o/org_acme/members/acc_ada" onClose={onClose} onDone={onDone} />,
    { client },
  );
  return { client, onDone, onClose, dialog: screen.getByRole('dialog'), user: userEvent.setup() };
}

const membership = (status: string) => ({ id: 'mem_1', status });

describe('UserActionDialog', () => {
  it('says that suspending keeps the access settings, can be restored, and leaves the account alone', () => {
    const { dialog } = open({ action: 'suspend', place: site, target: managed });
    expect(within(dialog).getByRole('heading', { name: 'Suspend Ada Castillo on acme-eng?' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('Ada Castillo can no longer use acme-eng or its products.');
    expect(dialog).toHaveTextContent('Their groups and product access are kept, so you can restore them later with the same access.');
    expect(dialog).toHaveTextContent('The account itself is not changed');
    expect(dialog).toHaveTextContent('Deactivating the account is a different action');
    expect(within(dialog).getByRole('link', { name: 'Open Ada Castillo on Managed accounts' })).toHaveAttribute(
      'href',
      '/o/org_acme/members/acc_ada',
    );
  });

  it('says that removing deletes groups and product access and needs a new invitation, and suggests suspending', () => {
    const { dialog } = open({ action: 'remove', place: site, target: managed });
    expect(within(dialog).getByRole('heading', { name: 'Remove Ada Castillo from acme-eng?' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('their groups and product access there are deleted');
    expect(dialog).toHaveTextContent('you will need to send a new invitation');
    expect(dialog).toHaveTextContent('suspend instead: it keeps their access settings and can be restored');
    expect(dialog).toHaveTextContent('The account itself is not changed: it stays on Managed accounts');
  });

  it('tells that an external account is deactivated only by whoever manages it, with no link', () => {
    const { dialog } = open({ action: 'remove', place: site, target: external });
    expect(dialog).toHaveTextContent('only by the organization that manages it: yours does not');
    expect(dialog).toHaveTextContent('it belongs to its owner or another organization');
    expect(within(dialog).queryByRole('link')).not.toBeInTheDocument();
  });

  it('names every site of the organization for an organization-wide action', () => {
    const { dialog } = open({ action: 'suspend', place: everySite, target: managed });
    expect(within(dialog).getByRole('heading', { name: 'Suspend Ada Castillo on every site of Acme?' })).toBeInTheDocument();
    expect(dialog).toHaveTextContent('can no longer use every site of Acme (acme-eng, acme-support)');
    expect(within(dialog).getByRole('button', { name: 'Suspend on every site' })).toBeInTheDocument();
  });

  it('says that restoring gives back the same access and status', () => {
    const { dialog } = open({ action: 'restore', place: site, target: external });
    expect(dialog).toHaveTextContent('Sam Partner gets access to acme-eng back, with the groups and product access they had.');
    expect(dialog).toHaveTextContent('They return to the status they had before the suspension');
  });

  it('suspends on one site with the reason given', async () => {
    const { client, onDone, dialog, user } = open(
      { action: 'suspend', place: site, target: managed },
      { SuspendUserMutation: { suspendUser: membership('SUSPENDED') } },
    );
    await user.type(within(dialog).getByLabelText(/reason/i), 'On leave');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(client.calls).toEqual([
      { name: 'SuspendUserMutation', variables: { siteId: 'sit_eng', accountId: 'acc_ada', reason: 'On leave' } },
    ]);
  });

  it('removes from every site of the organization', async () => {
    const { client, onDone, dialog, user } = open(
      { action: 'remove', place: everySite, target: managed },
      { RemoveUserFromOrganizationMutation: { removeUserFromOrganization: 'acc_ada' } },
    );
    await user.click(within(dialog).getByRole('button', { name: 'Remove from every site' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(client.calls).toEqual([
      { name: 'RemoveUserFromOrganizationMutation', variables: { organizationId: 'org_acme', accountId: 'acc_ada' } },
    ]);
  });

  it('restores on one site', async () => {
    const { client, onDone, dialog, user } = open(
      { action: 'restore', place: site, target: external },
      { RestoreUserMutation: { restoreUser: membership('ACTIVE') } },
    );
    await user.click(within(dialog).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(client.calls[0]).toEqual({ name: 'RestoreUserMutation', variables: { siteId: 'sit_eng', accountId: 'acc_ext' } });
  });

  it('shows the server error and stays open when the action is not possible', async () => {
    const { onDone, onClose, dialog, user } = open(
      { action: 'restore', place: everySite, target: managed },
      {
        RestoreUserInOrganizationMutation: {
          restoreUserInOrganization: () => {
            throw codeError('INVALID_STATE', 'the user is suspended on no site of Acme');
          },
        },
      },
    );
    await user.click(within(dialog).getByRole('button', { name: 'Restore on every site' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('The user is suspended on no site of Acme.');
    expect(onDone).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });
});
