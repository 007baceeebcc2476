// The lifecycle buttons of a managed account (rules 10 and 11): deactivate (with an
// optional message) and delete an active account, reactivate or delete a deactivated one,
// cancel a pending deletion. Each asks first, saying in plain words what will happen and
// how to undo it.
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AccountStatus } from '../../gql/graphql';
import { ErrorAlert } from '../common/error-alert';
import { deletionDate, formatDate } from './format';

export const AccountLifecycleActions_AccountFragment = graphql(`
  fragment AccountLifecycleActions_Account on Account {
    id
    name
    email
    status
    managed
    deletionScheduledFor
  }
`);

const DeactivateAccountMutation = graphql(`
  mutation DeactivateAccountMutation($accountId: ID!, $message: String) {
    deactivateAccount(accountId: $accountId, message: $message) {
      id
      status
    }
  }
`);
const ReactivateAccountMutation = graphql(`
  mutation ReactivateAccountMutation($accountId: ID!) {
    reactivateAccount(accountId: $accountId) {
      id
      status
    }
  }
`);
const DeleteAccountMutation = graphql(`
  mutation DeleteAccountMutation($accountId: ID!) {
    deleteAccount(accountId: $accountId) {
      id
      status
      deletionScheduledFor
    }
  }
`);
const CancelAccountDeletionMutation = graphql(`
  mutation CancelAccountDeletionMutation($accountId: ID!) {
    cancelAccountDeletion(accountId: $accountId) {
      id
      status
    }
  }
`);

export type LifecycleAction = 'deactivate' | 'reactivate' | 'delete' | 'cancelDeletion';

/** The actions an account in a status offers (the state table of PRODUCT.md §2). */
export function lifecycleActions(status: AccountStatus): LifecycleAction[] {
  switch (status) {
    case 'ACTIVE':
      return ['deactivate', 'delete'];
    case 'DEACTIVATED':
      return ['reactivate', 'delete'];
    case 'PENDING_DELETION':
      return ['cancelDeletion'];
    default:
      return [];
  }
}

export interface LifecycleConfirmation {
  title: string;
  /** What happens, then how to undo it. */
  what: string;
  undo: string;
  confirm: string;
  button: string;
  color: string;
}

/** The words of an action's confirmation, for an account and the time it is asked. */
export function lifecycleConfirmation(
  action: LifecycleAction,
  account: { name: string; email: string; deletionScheduledFor?: string | null },
  now: Date = new Date(),
): LifecycleConfirmation {
  const who = account.name || account.email;
  switch (action) {
    case 'deactivate':
      return {
        title: `Deactivate ${who}?`,
        what:
          `${who} will be signed out and can no longer sign in to any site, in your organization or in any other. ` +
          'Their site memberships, groups and product access are kept but give no access, and the account stops being billable.',
        undo: 'To undo, reactivate the account at any time: everything comes back as it was.',
        confirm: 'Deactivate account',
        button: 'Deactivate',
        color: 'red',
      };
    case 'reactivate':
      return {
        title: `Reactivate ${who}?`,
        what:
          `${who} can sign in again and gets back the site memberships, groups and product access they had. ` +
          'The account is billable again if its policy is billable.',
        undo: 'To undo, deactivate the account again.',
        confirm: 'Reactivate account',
        button: 'Reactivate',
        color: 'blue',
      };
    case 'delete': {
      const date = formatDate(deletionDate(now));
      return {
        title: `Delete ${who}?`,
        what:
          `${who} is deactivated at once and stays pending deletion for 14 days, then is deleted for good on ${date}: ` +
          'the name, email and profile are erased and the account is removed from every site and group. That part cannot be undone.',
        undo: `To undo, cancel the deletion any time before ${date}; the account then becomes active again with the access it had.`,
        confirm: 'Delete account',
        button: 'Delete',
        color: 'red',
      };
    }
    case 'cancelDeletion':
      return {
        title: `Cancel the deletion of ${who}?`,
        what:
          `${who} will not be deleted${account.deletionScheduledFor ? ` on ${formatDate(account.deletionScheduledFor)}` : ''}. ` +
          'The account becomes active again and can sign in, with the site memberships, groups and product access it had.',
        undo: 'To undo, delete the account again; a new 14-day grace period starts then.',
        confirm: 'Cancel deletion',
        button: 'Cancel deletion',
        color: 'blue',
      };
  }
}

const doneWords: Record<LifecycleAction, string> = {
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  delete: 'scheduled for deletion in 14 days',
  cancelDeletion: 'no longer scheduled for deletion',
};

export interface AccountLifecycleActionsProps {
  account: FragmentType<typeof AccountLifecycleActions_AccountFragment>;
}

export function AccountLifecycleActions(props: AccountLifecycleActionsProps) {
  const account = useFragment(AccountLifecycleActions_AccountFragment, props.account);
  const [action, setAction] = useState<LifecycleAction | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [, runDeactivate] = useMutation(DeactivateAccountMutation);
  const [, runReactivate] = useMutation(ReactivateAccountMutation);
  const [, runDelete] = useMutation(DeleteAccountMutation);
  const [, runCancel] = useMutation(CancelAccountDeletionMutation);
  const [running, setRunning] = useState(false);

  if (!account.managed) return null;
  const actions = lifecycleActions(account.status);
  const words = action ? lifecycleConfirmation(action, account) : null;

  const open = (a: LifecycleAction) => {
    setError(null);
    setMessage('');
    setAction(a);
  };

  const confirm = async () => {
    if (!action) return;
    setRunning(true);
    const accountId = account.id;
    const res =
      action === 'deactivate'
        ? await runDeactivate({ accountId, message: message.trim() || null })
        : action === 'reactivate'
          ? await runReactivate({ accountId })
          : action === 'delete'
            ? await runDelete({ accountId })
            : await runCancel({ accountId });
    setRunning(false);
    if (res.error) {
      setError(res.error);
      return;
    }
    notifications.show({ color: 'green', message: `${account.name || account.email} is ${doneWords[action]}.` });
    setAction(null);
  };

  return (
    <>
      <Group gap="xs">
        {actions.map((a) => {
          const w = lifecycleConfirmation(a, account);
          return (
            <Button
              key={a}
              variant={a === 'delete' ? 'outline' : a === 'deactivate' ? 'filled' : 'light'}
              color={w.color}
              onClick={() => open(a)}
            >
              {w.button}
            </Button>
          );
        })}
      </Group>
      <Modal
        opened={action !== null}
        onClose={() => !running && setAction(null)}
        title={words?.title}
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {words && (
          <Stack gap="sm">
            <Text size="sm">{words.what}</Text>
            <Text size="sm" fw={500}>
              {words.undo}
            </Text>
            {action === 'deactivate' && (
              <Textarea
                label="Message (optional)"
                description="Stored with the account and shown to the person when they try to sign in."
                rows={3}
                maxLength={1000}
                value={message}
                onChange={(e) => setMessage(e.currentTarget.value)}
              />
            )}
            <ErrorAlert error={error} />
            <Group justify="flex-end" gap="sm" mt="xs">
              <Button variant="default" onClick={() => setAction(null)} disabled={running}>
                Go back
              </Button>
              <Button color={words.color} onClick={() => void confirm()} loading={running}>
                {words.confirm}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
