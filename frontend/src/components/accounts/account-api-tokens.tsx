// The personal API tokens of a managed account, each with "Revoke".
import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { notifyError } from '../common/error-alert';
import { formatDate } from './format';

export const AccountApiTokens_AccountFragment = graphql(`
  fragment AccountApiTokens_Account on Account {
    id
    name
    managed
    apiTokens {
      id
      label
      createdAt
      lastUsedAt
      expiresAt
    }
  }
`);

const RevokeApiTokenMutation = graphql(`
  mutation RevokeApiTokenMutation($accountId: ID!, $tokenId: ID!) {
    revokeApiToken(accountId: $accountId, tokenId: $tokenId) {
      id
      apiTokens {
        id
      }
    }
  }
`);

export interface AccountApiTokensProps {
  account: FragmentType<typeof AccountApiTokens_AccountFragment>;
}

export function AccountApiTokens(props: AccountApiTokensProps) {
  const a = useFragment(AccountApiTokens_AccountFragment, props.account);
  const [, revoke] = useMutation(RevokeApiTokenMutation);

  if (a.apiTokens.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {a.managed ? 'No API tokens.' : 'API tokens are shown to the managing organization only.'}
      </Text>
    );
  }

  const confirm = (token: { id: string; label: string }) =>
    modals.openConfirmModal({
      title: `Revoke the API token “${token.label}”?`,
      children: (
        <Text size="sm">
          Scripts and apps using this token of {a.name} stop working at once. A revoked token cannot be restored: to
          undo, {a.name} creates a new token and puts it where the old one was used.
        </Text>
      ),
      labels: { confirm: 'Revoke token', cancel: 'Go back' },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': 'Close' },
      onConfirm: async () => {
        const res = await revoke({ accountId: a.id, tokenId: token.id });
        if (res.error) notifyError(res.error);
        else notifications.show({ color: 'green', message: `Revoked the API token “${token.label}”.` });
      },
    });

  return (
    <Table.ScrollContainer minWidth={520}>
      <Table aria-label="API tokens" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Label</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            {a.managed && (
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.apiTokens.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>
                <Text size="sm">{t.label}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(t.createdAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(t.lastUsedAt, 'Never')}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDate(t.expiresAt, 'Never')}</Text>
              </Table.Td>
              {a.managed && (
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="light"
                    color="red"
                    onClick={() => confirm(t)}
                    aria-label={`Revoke ${t.label}`}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
