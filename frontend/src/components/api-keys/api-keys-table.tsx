// The organization's API keys: access, creation, last use, expiry and revocation, with
// "Revoke" after a confirmation. Secrets are never listed (only a hash is kept).
import { Badge, Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate, formatDateTime } from '../accounts/format';
import { notifyError } from '../common/error-alert';

export const ApiKeysTable_ApiKeyFragment = graphql(`
  fragment ApiKeysTable_ApiKey on ApiKey {
    id
    name
    readOnly
    createdAt
    lastUsedAt
    expiresAt
    revokedAt
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKeyMutation($apiKeyId: ID!) {
    revokeApiKey(apiKeyId: $apiKeyId) {
      id
      ...ApiKeysTable_ApiKey
    }
  }
`);

export interface ApiKeysTableProps {
  apiKeys: readonly FragmentType<typeof ApiKeysTable_ApiKeyFragment>[];
  /** "Now", to tell expired keys; the page's clock by default. */
  now?: Date;
}

function keyState(k: { revokedAt?: string | null; expiresAt?: string | null }, now: Date) {
  if (k.revokedAt) return { label: `Revoked ${formatDate(k.revokedAt)}`, color: 'red', active: false };
  if (k.expiresAt && new Date(k.expiresAt) <= now) return { label: 'Expired', color: 'gray', active: false };
  return { label: 'Active', color: 'green', active: true };
}

export function ApiKeysTable({ apiKeys, now = new Date() }: ApiKeysTableProps) {
  const keys = useFragment(ApiKeysTable_ApiKeyFragment, apiKeys);
  const [, revoke] = useMutation(RevokeApiKeyMutation);

  const confirm = (key: { id: string; name: string }) =>
    modals.openConfirmModal({
      title: `Revoke the API key “${key.name}”?`,
      children: (
        <Text size="sm">
          Scripts and integrations using this key are refused from their next request. A revoked key cannot be used again:
          to undo, create a new key and put it where this one was used.
        </Text>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Go back' },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': 'Close' },
      onConfirm: async () => {
        const res = await revoke({ apiKeyId: key.id });
        if (res.error) notifyError(res.error);
        else notifications.show({ color: 'green', message: `Revoked the API key “${key.name}”.` });
      },
    });

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="API keys" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Access</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((k) => {
            const state = keyState(k, now);
            return (
              <Table.Tr key={k.id}>
                <Table.Td fw={500}>{k.name}</Table.Td>
                <Table.Td>{k.readOnly ? 'Read-only' : 'Read and write'}</Table.Td>
                <Table.Td>{formatDate(k.createdAt)}</Table.Td>
                <Table.Td>{formatDateTime(k.lastUsedAt, 'Never')}</Table.Td>
                <Table.Td>{formatDate(k.expiresAt, 'Never')}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={state.color}>
                    {state.label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">
                  {!k.revokedAt && (
                    <Button size="xs" variant="default" color="red" onClick={() => confirm(k)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
