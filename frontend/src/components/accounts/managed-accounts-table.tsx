// The table of the Managed accounts page: one row per account with its badges, last
// activity, two-step verification and policy; sortable by name, email and last active;
// rows can be selected for the bulk actions. Each name links to the account's page.
import { Anchor, Checkbox, Group, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort } from '@tabler/icons-react';
import { Link } from 'react-router';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AccountOrderField, AccountStatus } from '../../gql/graphql';
import { AccountBadges } from './account-badges';
import { displayName, formatDate, formatLastActive } from './format';
import type { MembersSort } from './members-url-state';

export const ManagedAccountsTable_AccountFragment = graphql(`
  fragment ManagedAccountsTable_Account on Account {
    id
    name
    email
    status
    lastActiveAt
    twoStepVerification
    authenticationPolicy {
      id
      name
    }
    ...AccountBadges_Account
  }
`);

/** What the bulk actions need to know of a selected row. */
export interface SelectedAccount {
  id: string;
  name: string;
  status: AccountStatus;
}

export interface ManagedAccountsTableProps {
  orgId: string;
  accounts: readonly FragmentType<typeof ManagedAccountsTable_AccountFragment>[];
  sort: MembersSort;
  onSortChange: (sort: MembersSort) => void;
  selected: readonly SelectedAccount[];
  onSelectedChange: (selected: SelectedAccount[]) => void;
  /** A newer page is on its way: the rows shown are the previous ones. */
  busy?: boolean;
}

const columns: { field: AccountOrderField; label: string }[] = [
  { field: 'NAME', label: 'Name' },
  { field: 'EMAIL', label: 'Email' },
];

export function ManagedAccountsTable(props: ManagedAccountsTableProps) {
  const rows = useFragment(ManagedAccountsTable_AccountFragment, props.accounts);
  const selectedIds = new Set(props.selected.map((s) => s.id));
  const allSelected = rows.length > 0 && rows.every((r) => selectedIds.has(r.id));
  const someSelected = rows.some((r) => selectedIds.has(r.id));
  const toSelected = (r: (typeof rows)[number]): SelectedAccount => ({ id: r.id, name: r.name, status: r.status });

  const toggle = (r: (typeof rows)[number]) => {
    props.onSelectedChange(
      selectedIds.has(r.id) ? props.selected.filter((s) => s.id !== r.id) : [...props.selected, toSelected(r)],
    );
  };

  const sortHeader = (field: AccountOrderField, label: string) => {
    const active = props.sort.field === field;
    const dir = active ? props.sort.direction : null;
    const next = active && dir === 'ASC' ? 'DESC' : 'ASC';
    const Icon = dir === 'ASC' ? IconArrowUp : dir === 'DESC' ? IconArrowDown : IconArrowsSort;
    return (
      <Table.Th key={field} aria-sort={dir === 'ASC' ? 'ascending' : dir === 'DESC' ? 'descending' : 'none'}>
        <UnstyledButton
          onClick={() => props.onSortChange({ field, direction: next })}
          aria-label={`${label}: sort ${next === 'ASC' ? 'ascending' : 'descending'}`}
        >
          <Group gap={4} wrap="nowrap">
            <Text fw={700} size="sm">
              {label}
            </Text>
            <Icon size={14} aria-hidden stroke={active ? 2.2 : 1.5} />
          </Group>
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Table.ScrollContainer minWidth={960}>
      <Table
        highlightOnHover
        verticalSpacing="xs"
        aria-label="Managed accounts"
        aria-busy={props.busy || undefined}
        style={{ opacity: props.busy ? 0.6 : 1, transition: 'opacity 120ms' }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label="Select all accounts on this page"
                checked={allSelected}
                indeterminate={someSelected && !allSelected}
                disabled={rows.length === 0}
                onChange={() =>
                  props.onSelectedChange(
                    allSelected
                      ? props.selected.filter((s) => !rows.some((r) => r.id === s.id))
                      : [...props.selected, ...rows.filter((r) => !selectedIds.has(r.id)).map(toSelected)],
                  )
                }
              />
            </Table.Th>
            {columns.map((c) => sortHeader(c.field, c.label))}
            <Table.Th miw={170}>Status</Table.Th>
            {sortHeader('LAST_ACTIVE', 'Last active')}
            <Table.Th>Two-step verification</Table.Th>
            <Table.Th>Policy</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.id} bg={selectedIds.has(r.id) ? 'var(--mantine-color-blue-light)' : undefined}>
              <Table.Td>
                <Checkbox
                  aria-label={`Select ${displayName(r)}`}
                  checked={selectedIds.has(r.id)}
                  onChange={() => toggle(r)}
                />
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={`/o/${props.orgId}/members/${r.id}`} fw={500} size="sm">
                  {displayName(r)}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.email}</Text>
              </Table.Td>
              <Table.Td>
                <AccountBadges account={r} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" title={r.lastActiveAt ? formatDate(r.lastActiveAt) : undefined}>
                  {formatLastActive(r.lastActiveAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.twoStepVerification ? 'On' : 'Off'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.authenticationPolicy?.name ?? '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
