// The badges of an account wherever it is listed or shown: Deactivated, Pending deletion
// (with the date it becomes final), Provisioned (synced from an identity provider) and
// No site access (on none of the organization's sites).
import { Badge, Group } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate } from './format';

export const AccountBadges_AccountFragment = graphql(`
  fragment AccountBadges_Account on Account {
    status
    deletionScheduledFor
    provisioned
    memberships {
      id
    }
  }
`);

export interface AccountBadgesProps {
  account: FragmentType<typeof AccountBadges_AccountFragment>;
  /** Also show an "Active" badge (the account page's header); lists leave it out. */
  showActive?: boolean;
}

export function AccountBadges(props: AccountBadgesProps) {
  const a = useFragment(AccountBadges_AccountFragment, props.account);
  return (
    <Group gap={6} wrap="wrap">
      {a.status === 'ACTIVE' && props.showActive && (
        <Badge color="green" variant="light">
          Active
        </Badge>
      )}
      {a.status === 'DEACTIVATED' && (
        <Badge color="gray" variant="filled">
          Deactivated
        </Badge>
      )}
      {a.status === 'PENDING_DELETION' && (
        <Badge color="red" variant="light" title="Deactivated until the deletion becomes final">
          Pending deletion · {formatDate(a.deletionScheduledFor, 'soon')}
        </Badge>
      )}
      {a.provisioned && (
        <Badge color="violet" variant="light" title="Synced from your identity provider">
          Provisioned
        </Badge>
      )}
      {a.memberships.length === 0 && (
        <Badge color="orange" variant="light" title="Not on any of your organization's sites">
          No site access
        </Badge>
      )}
    </Group>
  );
}
