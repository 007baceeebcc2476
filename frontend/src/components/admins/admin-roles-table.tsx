// Who administers the organization: organization admins (everything) and site admins
// (the Users page of one site), with "Revoke" after a confirmation. The server refuses
// to remove the last organization admin (INVALID_STATE), shown as it says.
import { Badge, Button, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AdminRoleKind } from '../../gql/graphql';
import { formatDate } from '../accounts/format';
import { notifyError } from '../common/error-alert';

export const AdminRolesTable_AdminRoleFragment = graphql(`
  fragment AdminRolesTable_AdminRole on AdminRole {
    id
    role
    createdAt
    account {
      id
      name
      email
    }
    site {
      id
      name
    }
  }
`);

const RevokeAdminRoleMutation = graphql(`
  mutation RevokeAdminRoleMutation($adminRoleId: ID!) {
    revokeAdminRole(adminRoleId: $adminRoleId)
  }
`);

export const roleLabels: Record<AdminRoleKind, string> = {
  ORG_ADMIN: 'Organization admin',
  SITE_ADMIN: 'Site admin',
};

export interface AdminRolesTableProps {
  roles: readonly FragmentType<typeof AdminRolesTable_AdminRoleFragment>[];
  organizationName: string;
  /** The signed-in admin's account, to warn before they remove their own role. */
  viewerAccountId?: string;
  onRevoked: () => void;
}

export function AdminRolesTable(props: AdminRolesTableProps) {
  const roles = useFragment(AdminRolesTable_AdminRoleFragment, props.roles);
  const [, revoke] = useMutation(RevokeAdminRoleMutation);

  const confirm = (r: (typeof roles)[number]) => {
    const who = r.account.name || r.account.email;
    const what = r.site ? `site admin of ${r.site.name}` : `organization admin of ${props.organizationName}`;
    modals.openConfirmModal({
      title: `Remove ${who} as ${what}?`,
      children: (
        <Stack gap="xs">
          <Text size="sm">
            {r.site
              ? `${who} can no longer manage the users of ${r.site.name}, from their next request.`
              : `${who} can no longer administer ${props.organizationName}, from their next request.`}{' '}
            Their account stays as it is.
          </Text>
          {r.account.id === props.viewerAccountId && (
            <Text size="sm" fw={500}>
              This is your own role: you lose access to these pages.
            </Text>
          )}
        </Stack>
      ),
      labels: { confirm: 'Remove role', cancel: 'Go back' },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': 'Close' },
      onConfirm: async () => {
        const res = await revoke({ adminRoleId: r.id });
        if (res.error) {
          notifyError(res.error);
        } else {
          notifications.show({ color: 'green', message: `${who} is no longer ${what}.` });
          props.onRevoked();
        }
      },
    });
  };

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label="Admins" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Since</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {roles.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text fw={500} size="sm">
                  {r.account.name || r.account.email}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.account.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={r.role === 'ORG_ADMIN' ? 'blue' : 'grape'}>
                  {roleLabels[r.role]}
                </Badge>
              </Table.Td>
              <Table.Td>{r.site?.name ?? 'All sites'}</Table.Td>
              <Table.Td>{formatDate(r.createdAt)}</Table.Td>
              <Table.Td ta="right">
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => confirm(r)}
                  aria-label={`Revoke ${roleLabels[r.role].toLowerCase()} role of ${r.account.email}${r.site ? ` on ${r.site.name}` : ''}`}
                >
                  Revoke
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
