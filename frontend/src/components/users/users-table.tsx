// The Users table's frame: sortable column headers (NAME, EMAIL, LAST_ACTIVE, STATUS, with
// aria-sort), the row actions menu and the cells both experiences share. The rows come
// from OrgUsersTable (one per account) or SiteUsersTable (one per membership).
import { ActionIcon, Anchor, Group, Menu, Stack, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconDots } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { OrderDirection, UserOrderField } from '../../gql/graphql';

export interface UsersSort {
  orderBy: UserOrderField;
  direction: OrderDirection;
}

export interface UsersTableProps {
  sort: UsersSort;
  onSort: (sort: UsersSort) => void;
  /** Caption for screen readers, e.g. "Users of acme-eng". */
  caption: string;
  /** "Status" or "Status per site". */
  statusLabel: string;
  children: ReactNode;
}

export function UsersTable({ sort, onSort, caption, statusLabel, children }: UsersTableProps) {
  const sortButton = (field: UserOrderField, label: string) => {
    const active = sort.orderBy === field;
    const next: OrderDirection = active && sort.direction === 'ASC' ? 'DESC' : 'ASC';
    const Icon = !active ? IconArrowsSort : sort.direction === 'ASC' ? IconArrowUp : IconArrowDown;
    return (
      <UnstyledButton
        onClick={() => onSort({ orderBy: field, direction: next })}
        aria-label={`Sort by ${label.toLowerCase()}, ${next === 'ASC' ? 'ascending' : 'descending'}`}
        fw={600}
        fz="sm"
      >
        <Group gap={4} wrap="nowrap">
          {label}
          <Icon size={14} aria-hidden />
        </Group>
      </UnstyledButton>
    );
  };
  const ariaSort = (...fields: UserOrderField[]) =>
    fields.includes(sort.orderBy) ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : undefined;
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table verticalSpacing="sm" highlightOnHover>
        <Table.Caption style={visuallyHidden}>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th aria-sort={ariaSort('NAME', 'EMAIL')}>
              <Group gap="md" wrap="nowrap">
                {sortButton('NAME', 'Name')}
                {sortButton('EMAIL', 'Email')}
              </Group>
            </Table.Th>
            <Table.Th miw={150}>Account</Table.Th>
            <Table.Th aria-sort={ariaSort('STATUS')} style={{ whiteSpace: 'nowrap' }}>
              {sortButton('STATUS', statusLabel)}
            </Table.Th>
            <Table.Th>Product access</Table.Th>
            <Table.Th>Groups</Table.Th>
            <Table.Th aria-sort={ariaSort('LAST_ACTIVE')} style={{ whiteSpace: 'nowrap' }}>
              {sortButton('LAST_ACTIVE', 'Last active')}
            </Table.Th>
            <Table.Th w={56}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const visuallyHidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
} as const;

/** The name cell: a link to the user's page, and the email under it. */
export function UserNameCell({ name, email, to }: { name: string; email: string; to: string }) {
  const { search } = useLocation();
  // The list's filters go along, so that the user page's "back" link returns to them.
  return (
    <div>
      <Anchor component={Link} to={to} state={{ listSearch: search }} fw={500} size="sm">
        {name || email}
      </Anchor>
      <Text size="xs" c="dimmed">
        {email}
      </Text>
    </div>
  );
}

/** Lines of "label: text", e.g. a site and what the user has there. */
export function SiteLines({
  lines,
  compact = false,
}: {
  lines: readonly { key: string; label?: string; text: string; note?: string }[];
  /** Small lines that do not wrap, e.g. a status per site. */
  compact?: boolean;
}) {
  return (
    <Stack gap={2}>
      {lines.map((l) => (
        <Text size={compact ? 'xs' : 'sm'} key={l.key} lh={1.35} style={compact ? { whiteSpace: 'nowrap' } : undefined}>
          {l.label && (
            <Text span size="xs" fw={600}>
              {l.label}:{' '}
            </Text>
          )}
          {l.text}
          {l.note && (
            <Text span size="xs" c="dimmed" fs="italic">
              {' '}
              ({l.note})
            </Text>
          )}
        </Text>
      ))}
    </Stack>
  );
}

/** Up to two names, then "and N more". */
export function ShortList({ items, empty = 'None' }: { items: readonly string[]; empty?: string }) {
  if (items.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  const shown = items.slice(0, 2);
  const more = items.length - shown.length;
  return (
    <Text size="sm" title={items.join(', ')}>
      {shown.join(', ')}
      {more > 0 && ` and ${more} more`}
    </Text>
  );
}

export interface RowMenuItem {
  label: string;
  onClick: () => void;
  color?: string;
}

export interface RowMenuSection {
  /** Where the items apply, e.g. the site's name (the items say it too). */
  label?: string;
  items: RowMenuItem[];
}

/** The "…" menu of a row: actions on the user, grouped by where they apply. */
export function UserRowMenu({ who, detailPath, sections }: { who: string; detailPath: string; sections: RowMenuSection[] }) {
  const { search } = useLocation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${who}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={detailPath} state={{ listSearch: search }}>
          Open user page
        </Menu.Item>
        {/* Only menu items inside the menu (labels or dividers there trip screen readers'
            "menu" role): each item names where it applies. */}
        {sections.flatMap((section) =>
          section.items.map((item) => (
            <Menu.Item key={item.label} color={item.color} onClick={item.onClick}>
              {item.label}
            </Menu.Item>
          )),
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
