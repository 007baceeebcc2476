// The confirmation of suspend, restore and remove, on one site or on every site of the
// organization, worded by actionWording; runs the mutation and reports the result.
import { Anchor, Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { ErrorAlert } from '../common/error-alert';
import { actionWording, type ActionPlace, type ActionTarget, type UserAction } from './user-action-wording';

const SuspendUserMutation = graphql(`
  mutation SuspendUserMutation($siteId: ID!, $accountId: ID!, $reason: String) {
    suspendUser(siteId: $siteId, accountId: $accountId, reason: $reason) {
      id
      status
    }
  }
`);

const RestoreUserMutation = graphql(`
  mutation RestoreUserMutation($siteId: ID!, $accountId: ID!) {
    restoreUser(siteId: $siteId, accountId: $accountId) {
      id
      status
    }
  }
`);

const RemoveUserFromSiteMutation = graphql(`
  mutation RemoveUserFromSiteMutation($siteId: ID!, $accountId: ID!) {
    removeUserFromSite(siteId: $siteId, accountId: $accountId)
  }
`);

const SuspendUserInOrganizationMutation = graphql(`
  mutation SuspendUserInOrganizationMutation($organizationId: ID!, $accountId: ID!, $reason: String) {
    suspendUserInOrganization(organizationId: $organizationId, accountId: $accountId, reason: $reason) {
      id
      status
    }
  }
`);

const RestoreUserInOrganizationMutation = graphql(`
  mutation RestoreUserInOrganizationMutation($organizationId: ID!, $accountId: ID!) {
    restoreUserInOrganization(organizationId: $organizationId, accountId: $accountId) {
      id
      status
    }
  }
`);

const RemoveUserFromOrganizationMutation = graphql(`
  mutation RemoveUserFromOrganizationMutation($organizationId: ID!, $accountId: ID!) {
    removeUserFromOrganization(organizationId: $organizationId, accountId: $accountId)
  }
`);

export interface UserActionRequest {
  action: UserAction;
  place: ActionPlace;
  target: ActionTarget;
}

export interface UserActionDialogProps {
  /** The action to confirm; null when the dialog is closed. */
  request: UserActionRequest | null;
  /** The account's page on Managed accounts, for a managed account (where deactivation is). */
  managedAccountPath?: string;
  onClose: () => void;
  /** Called after the action succeeded. */
  onDone: (request: UserActionRequest) => void;
}

export function UserActionDialog({ request, managedAccountPath, onClose, onDone }: UserActionDialogProps) {
  const wording = request ? actionWording(request.action, request.place, request.target) : null;
  return (
    <Modal opened={request !== null} onClose={onClose} title={wording?.title ?? ''} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {request && wording && (
        <ActionConfirmation
          request={request}
          wording={wording}
          managedAccountPath={request.target.managed ? managedAccountPath : undefined}
          onClose={onClose}
          onDone={onDone}
        />
      )}
    </Modal>
  );
}

function ActionConfirmation({
  request,
  wording,
  managedAccountPath,
  onClose,
  onDone,
}: {
  request: UserActionRequest;
  wording: ReturnType<typeof actionWording>;
  managedAccountPath?: string;
  onClose: () => void;
  onDone: (request: UserActionRequest) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [suspendSite, suspendUser] = useMutation(SuspendUserMutation);
  const [restoreSite, restoreUser] = useMutation(RestoreUserMutation);
  const [removeSite, removeUser] = useMutation(RemoveUserFromSiteMutation);
  const [suspendOrg, suspendInOrg] = useMutation(SuspendUserInOrganizationMutation);
  const [restoreOrg, restoreInOrg] = useMutation(RestoreUserInOrganizationMutation);
  const [removeOrg, removeFromOrg] = useMutation(RemoveUserFromOrganizationMutation);
  const fetching = [suspendSite, restoreSite, removeSite, suspendOrg, restoreOrg, removeOrg].some((s) => s.fetching);

  async function confirm() {
    setError(null);
    const { action, place, target } = request;
    const accountId = target.accountId;
    const why = reason.trim() || null;
    // Mutations that answer with an id only name no type for urql's cache to refresh:
    // the page refetches its lists in onDone.
    let result: { error?: unknown };
    if (place.kind === 'site') {
      const siteId = place.siteId;
      if (action === 'suspend') result = await suspendUser({ siteId, accountId, reason: why });
      else if (action === 'restore') result = await restoreUser({ siteId, accountId });
      else result = await removeUser({ siteId, accountId });
    } else {
      const organizationId = place.organizationId;
      if (action === 'suspend') result = await suspendInOrg({ organizationId, accountId, reason: why });
      else if (action === 'restore') result = await restoreInOrg({ organizationId, accountId });
      else result = await removeFromOrg({ organizationId, accountId });
    }
    if (result.error) {
      setError(result.error);
      return;
    }
    notifications.show({ color: 'green', message: wording.done });
    onDone(request);
    onClose();
  }

  return (
    <Stack gap="md">
      <List spacing="xs" size="sm">
        {wording.lines.map((line) => (
          <List.Item key={line}>{line}</List.Item>
        ))}
      </List>
      <Text size="sm" c="dimmed">
        {wording.deactivation}{' '}
        {managedAccountPath && (
          <Anchor component={Link} to={managedAccountPath} size="sm">
            Open {request.target.name || request.target.email} on Managed accounts
          </Anchor>
        )}
      </Text>
      {request.action === 'suspend' && (
        <TextInput
          label="Reason (optional)"
          description="Kept with the suspension, for other admins"
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      )}
      {error != null && <ErrorAlert error={error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button color={wording.color} onClick={() => void confirm()} loading={fetching}>
          {wording.confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
}
