// Badges of the Users pages: a membership's status, and whether the account is managed by
// the organization or external (and deactivated or pending deletion, which stops access).
import { Badge, Group, Tooltip } from '@mantine/core';
import type { AccountStatus, MembershipStatus } from '../../gql/graphql';
import { accountStatusNames, membershipStatusColors, membershipStatusNames } from './labels';

export function MembershipStatusBadge({ status, site }: { status: MembershipStatus; site?: string }) {
  return (
    <Badge color={membershipStatusColors[status]} variant="light" tt="none">
      {site ? `${site}: ${membershipStatusNames[status]}` : membershipStatusNames[status]}
    </Badge>
  );
}

export function AccountBadges({ managed, status }: { managed: boolean; status: AccountStatus }) {
  return (
    <Group gap={4}>
      {managed ? (
        <Tooltip label="Your organization manages this account: edit it on Managed accounts">
          <Badge color="indigo" variant="outline" tt="none">
            Managed
          </Badge>
        </Tooltip>
      ) : (
        <Tooltip label="Managed by another organization or by its owner: you can only suggest changes">
          <Badge color="gray" variant="outline" tt="none">
            External
          </Badge>
        </Tooltip>
      )}
      {status !== 'ACTIVE' && (
        <Badge color="red" variant="light" tt="none">
          {accountStatusNames[status]}
        </Badge>
      )}
    </Group>
  );
}
