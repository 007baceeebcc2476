// A user's groups on one site, with what each grants: add to another group of the site
// (addGroupMember) or take out of one (removeGroupMember).
import { Button, Group, Select, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { notifyError } from '../common/error-alert';
import { accessLabel } from './labels';
import type { Grant } from './product-access';

export const GroupEditor_MembershipFragment = graphql(`
  fragment GroupEditor_Membership on Membership {
    id
    account {
      id
      name
      email
    }
    site {
      id
      name
      groups {
        id
        name
        productAccess {
          product
          role
        }
      }
    }
    groups {
      id
      name
      productAccess {
        product
        role
      }
    }
  }
`);

const AddGroupMemberMutation = graphql(`
  mutation AddGroupMemberMutation($groupId: ID!, $accountId: ID!) {
    addGroupMember(groupId: $groupId, accountId: $accountId) {
      id
      name
    }
  }
`);

const RemoveGroupMemberMutation = graphql(`
  mutation RemoveGroupMemberMutation($groupId: ID!, $accountId: ID!) {
    removeGroupMember(groupId: $groupId, accountId: $accountId) {
      id
      name
    }
  }
`);

export interface GroupEditorProps {
  membership: FragmentType<typeof GroupEditor_MembershipFragment>;
  onChanged: () => void;
}

export function GroupEditor({ membership: ref, onChanged }: GroupEditorProps) {
  const m = useFragment(GroupEditor_MembershipFragment, ref);
  const [adding, setAdding] = useState<string | null>(null);
  const [{ fetching: addBusy }, add] = useMutation(AddGroupMemberMutation);
  const [{ fetching: removeBusy }, remove] = useMutation(RemoveGroupMemberMutation);
  const who = m.account.name || m.account.email;
  const memberOf = new Set(m.groups.map((g) => g.id));
  const others = m.site.groups.filter((g) => !memberOf.has(g.id));
  const grants = (g: { productAccess: readonly Grant[] }) =>
    g.productAccess.length > 0 ? g.productAccess.map(accessLabel).join(', ') : 'No product access';

  async function addToGroup() {
    const group = m.site.groups.find((g) => g.id === adding);
    if (!group) return;
    const result = await add({ groupId: group.id, accountId: m.account.id });
    if (result.error) {
      notifyError(result.error);
      return;
    }
    setAdding(null);
    notifications.show({ color: 'green', message: `${who} is in ${group.name}.` });
    onChanged();
  }

  async function removeFromGroup(group: { id: string; name: string }) {
    const result = await remove({ groupId: group.id, accountId: m.account.id });
    if (result.error) {
      notifyError(result.error);
      return;
    }
    notifications.show({ color: 'green', message: `${who} is no longer in ${group.name}.` });
    onChanged();
  }

  return (
    <Stack gap="xs">
      {m.groups.length === 0 ? (
        <Text size="sm" c="dimmed">
          Not in any group of {m.site.name}. Add them to a group to give what it grants.
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={4} maw={720}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Group</Table.Th>
              <Table.Th>Grants</Table.Th>
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {m.groups.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>
                  <Text size="sm">{g.name}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{grants(g)}</Text>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    disabled={removeBusy}
                    aria-label={`Remove ${who} from group ${g.name}`}
                    onClick={() => void removeFromGroup(g)}
                  >
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {others.length > 0 && (
        <Group gap="xs" align="flex-end">
          <Select
            label={`Add to a group of ${m.site.name}`}
            placeholder="Choose a group"
            size="xs"
            w={320}
            searchable
            nothingFoundMessage="No group of this name"
            data={others.map((g) => ({ value: g.id, label: `${g.name} (${grants(g)})` }))}
            value={adding}
            onChange={setAdding}
          />
          <Button size="xs" onClick={() => void addToGroup()} disabled={!adding} loading={addBusy}>
            Add to group
          </Button>
        </Group>
      )}
    </Stack>
  );
}
