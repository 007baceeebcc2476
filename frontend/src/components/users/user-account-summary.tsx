// The account at the top of a user page: managed or external, its status, when it was last
// active anywhere on the organization's sites, and a word when it is deactivated (which is
// done on Managed accounts and stops access on every site).
import { Alert, Anchor, Group, Paper, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { accountStatusNames, formatDate } from './labels';
import { AccountBadges } from './user-badges';

export const UserAccountSummary_AccountFragment = graphql(`
  fragment UserAccountSummary_Account on Account {
    id
    name
    email
    status
    managed
    lastActiveAt
    deactivatedAt
    deletionScheduledFor
  }
`);

export interface UserAccountSummaryProps {
  account: FragmentType<typeof UserAccountSummary_AccountFragment>;
  /** The account's Managed accounts page, for a managed account. */
  managedAccountPath?: string;
}

export function UserAccountSummary({ account: ref, managedAccountPath }: UserAccountSummaryProps) {
  const account = useFragment(UserAccountSummary_AccountFragment, ref);
  const who = account.name || account.email;
  return (
    <>
      <Paper withBorder p="md" radius="md" mb="md">
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <div>
            <Text size="xs" c="dimmed">
              Email
            </Text>
            <Text size="sm">{account.email}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Account
            </Text>
            <Group gap={4}>
              <AccountBadges managed={account.managed} status={account.status} />
            </Group>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Account status
            </Text>
            <Text size="sm">{accountStatusNames[account.status]}</Text>
          </div>
          <div>
            <Text size="xs" c="dimmed">
              Last active
            </Text>
            <Text size="sm">{formatDate(account.lastActiveAt)}</Text>
          </div>
        </SimpleGrid>
      </Paper>
      {account.status !== 'ACTIVE' && (
        <Alert role="note" color="orange" variant="light" mb="md" title={`The account is ${accountStatusNames[account.status].toLowerCase()}`}>
          {account.status === 'PENDING_DELETION'
            ? `It will be deleted on ${formatDate(account.deletionScheduledFor, 'a date to come')}. `
            : ''}
          None of {who}&apos;s product access is in effect on any site until the account is active again. Site access
          below is kept. Deactivation and reactivation are account-level actions done on Managed accounts
          {account.managed ? '' : ' by the organization that manages the account'}.{' '}
          {managedAccountPath && (
            <Anchor component={Link} to={managedAccountPath} size="sm" c="dark.9" underline="always">
              Open on Managed accounts
            </Anchor>
          )}
        </Alert>
      )}
    </>
  );
}
