// Claiming a verified domain's accounts: first what the claim would take over (how many
// accounts, how many are managed already, the first of them), then a confirmation that
// says what a claim does not do (give site access), then the number claimed.
import { Alert, Anchor, Button, Group, List, Modal, Skeleton, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { ErrorAlert } from '../common/error-alert';

export const CLAIM_PREVIEW_SIZE = 10;

const ClaimPreviewQuery = graphql(`
  query ClaimPreviewQuery($domainId: ID!, $first: Int!) {
    claimPreview(domainId: $domainId) {
      domain {
        id
        name
      }
      claimable
      alreadyManaged
      accounts(first: $first) {
        totalCount
        edges {
          node {
            id
            name
            email
          }
        }
      }
    }
  }
`);

const ClaimAccountsMutation = graphql(`
  mutation ClaimAccountsMutation($domainId: ID!) {
    claimAccounts(domainId: $domainId) {
      claimed
      domain {
        id
        ...DomainsTable_Domain
      }
    }
  }
`);

export interface ClaimAccountsDialogProps {
  organizationId: string;
  organizationName: string;
  /** The domain to claim; the dialog is open while it is set. */
  domainId: string | null;
  onClose: () => void;
  onClaimed: (claimed: number) => void;
}

function accounts(n: number) {
  return n === 1 ? '1 account' : `${n.toLocaleString('en')} accounts`;
}

export function ClaimAccountsDialog(props: ClaimAccountsDialogProps) {
  const [claimed, setClaimed] = useState<number | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: ClaimPreviewQuery,
    variables: { domainId: props.domainId ?? '', first: CLAIM_PREVIEW_SIZE },
    pause: !props.domainId,
    requestPolicy: 'network-only',
  });
  const [claim, runClaim] = useMutation(ClaimAccountsMutation);
  const preview = data?.claimPreview && data.claimPreview.domain.id === props.domainId ? data.claimPreview : null;

  function close() {
    setClaimed(null);
    props.onClose();
  }

  async function confirm() {
    if (!props.domainId) return;
    const result = await runClaim({ domainId: props.domainId });
    if (result.data) {
      setClaimed(result.data.claimAccounts.claimed);
      props.onClaimed(result.data.claimAccounts.claimed);
    }
  }

  const title = preview ? `Claim accounts on ${preview.domain.name}` : 'Claim accounts';
  let body;
  if (claimed !== null) {
    body = (
      <Stack gap="md">
        <Alert color="green" variant="light" title={`Claimed ${accounts(claimed)}`} role="status">
          {claimed > 0
            ? `${props.organizationName} manages ${claimed === 1 ? 'it' : 'them'} now, and every new account on this domain from the start.`
            : `There was nothing left to claim. New accounts on this domain are managed by ${props.organizationName} from the start.`}
        </Alert>
        <Group justify="space-between">
          <Anchor component={Link} to={`/o/${props.organizationId}/members`}>
            Go to Managed accounts
          </Anchor>
          <Button onClick={close}>Done</Button>
        </Group>
      </Stack>
    );
  } else if (!preview) {
    body =
      error && !fetching ? (
        <ErrorAlert error={error} />
      ) : (
        <Stack gap="sm" aria-busy="true" aria-label="Loading the claim preview">
          <Skeleton height={20} width="70%" />
          <Skeleton height={16} />
          <Skeleton height={16} />
          <Skeleton height={16} width="50%" />
        </Stack>
      );
  } else {
    const shown = (preview.accounts.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
    body = (
      <Stack gap="md">
        <Text>
          <strong>{accounts(preview.claimable)}</strong> on {preview.domain.name} will become managed by {props.organizationName}.
          {preview.alreadyManaged > 0 && ` ${accounts(preview.alreadyManaged)} on it ${preview.alreadyManaged === 1 ? 'is' : 'are'} managed already.`}
        </Text>
        {shown.length > 0 ? (
          <Stack gap={4}>
            <Text size="sm" fw={500} id="claim-preview-title">
              {preview.claimable > shown.length ? `The first ${shown.length} of them` : 'They are'}
            </Text>
            <List size="sm" aria-labelledby="claim-preview-title" spacing={2}>
              {shown.map((a) => (
                <List.Item key={a.id}>
                  {a.name ? `${a.name} (${a.email})` : a.email}
                </List.Item>
              ))}
            </List>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            No account is waiting to be claimed. Claiming still makes new accounts on this domain managed from the start.
          </Text>
        )}
        <Alert color="blue" variant="light" title="Claiming gives no site access">
          The accounts get your organization's default authentication policy and appear on Managed accounts. They use your
          sites only if they are invited to them, as before.
        </Alert>
        {claim.error && <ErrorAlert error={claim.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button onClick={() => void confirm()} loading={claim.fetching}>
            {preview.claimable > 0 ? `Claim ${accounts(preview.claimable)}` : 'Claim the domain'}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Modal opened={props.domainId !== null} onClose={close} title={title} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {body}
    </Modal>
  );
}
