// How to prove a domain: the exact TXT record and the file to publish, each with a copy
// button, and a check by either method now. A failed check is not an error of the API:
// the domain comes back with lastCheckError, shown here as the reason.
import { Alert, Button, CopyButton, Group, Modal, Stack, Tabs, Text, TextInput, Tooltip, ActionIcon } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { DomainVerificationMethod } from '../../gql/graphql';
import { formatDateTime } from '../accounts/format';
import { ErrorAlert } from '../common/error-alert';
import { methodLabels } from './domain-labels';

export const DomainVerification_DomainFragment = graphql(`
  fragment DomainVerification_Domain on Domain {
    id
    name
    status
    method
    verificationRecord
    verificationFileUrl
    lastCheckedAt
    lastCheckError
  }
`);

const VerifyDomainMutation = graphql(`
  mutation VerifyDomainMutation($domainId: ID!, $method: DomainVerificationMethod!) {
    verifyDomain(domainId: $domainId, method: $method) {
      id
      ...DomainsTable_Domain
      ...DomainVerification_Domain
    }
  }
`);

export interface DomainVerificationDialogProps {
  domain: FragmentType<typeof DomainVerification_DomainFragment> | null;
  opened: boolean;
  onClose: () => void;
  /** Offered once the domain is verified. */
  onClaim: (domainId: string) => void;
}

/** A read-only value with a copy button, labelled so that a person (and a test) can find it. */
function CopyField({ label, value, description }: { label: string; value: string; description?: string }) {
  return (
    <TextInput
      label={label}
      description={description}
      value={value}
      readOnly
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      onFocus={(e) => e.currentTarget.select()}
      rightSection={
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? 'Copied' : `Copy ${label.toLowerCase()}`} withArrow position="left">
              <ActionIcon color={copied ? 'teal' : 'gray'} variant="subtle" onClick={copy} aria-label={`Copy ${label.toLowerCase()}`}>
                {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      }
    />
  );
}

type DomainRef = FragmentType<typeof DomainVerification_DomainFragment>;

export function DomainVerificationDialog(props: DomainVerificationDialogProps) {
  const listed = useFragment(DomainVerification_DomainFragment, props.domain);
  const [method, setMethod] = useState<DomainVerificationMethod>('DNS_TXT');
  // The domain as the last check answered it (the page's list catches up a moment later).
  const [checked, setChecked] = useState<{ id: string; domain: DomainRef } | null>(null);
  const [{ fetching, error }, verify] = useMutation(VerifyDomainMutation);
  const justChecked = listed !== null && checked?.id === listed.id;
  const domain = useFragment(DomainVerification_DomainFragment, justChecked ? checked.domain : props.domain);

  function close() {
    setChecked(null);
    props.onClose();
  }

  async function check() {
    if (!domain) return;
    const result = await verify({ domainId: domain.id, method });
    if (result.data) setChecked({ id: result.data.verifyDomain.id, domain: result.data.verifyDomain });
  }

  return (
    <Modal opened={props.opened && domain !== null} onClose={close} title={domain ? `Verify ${domain.name}` : 'Verify'} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {domain && (
        <Stack gap="md">
          <Text size="sm">
            Prove that your organization owns <strong>{domain.name}</strong> by publishing this value in its DNS or on its
            website, then check it here. Only the latest value works: adding the domain again replaces it.
          </Text>
          <Tabs value={method} onChange={(v) => v && setMethod(v as DomainVerificationMethod)}>
            <Tabs.List>
              <Tabs.Tab value="DNS_TXT">DNS TXT record</Tabs.Tab>
              <Tabs.Tab value="HTTPS_FILE">HTTPS file</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="DNS_TXT" pt="sm">
              <Stack gap="sm">
                <Text size="sm">
                  Add a TXT record on <strong>{domain.name}</strong> itself (not a subdomain) with exactly this value. DNS changes
                  can take a while to be seen.
                </Text>
                <CopyField label="TXT record value" value={domain.verificationRecord} />
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="HTTPS_FILE" pt="sm">
              <Stack gap="sm">
                <Text size="sm">Serve a file at this address over HTTPS, with a valid certificate, holding exactly this content.</Text>
                <CopyField label="File URL" value={domain.verificationFileUrl} />
                <CopyField label="File content" value={domain.verificationRecord} />
              </Stack>
            </Tabs.Panel>
          </Tabs>

          {error && <ErrorAlert error={error} />}
          {justChecked && domain.status === 'VERIFIED' && !domain.lastCheckError && (
            <Alert color="green" variant="light" title={`${domain.name} is verified`} role="status">
              Verified by {domain.method ? methodLabels[domain.method] : 'check'}. You can now claim the accounts on it.
            </Alert>
          )}
          {justChecked && domain.lastCheckError && (
            <Alert color="red" variant="light" title="Verification failed" role="alert">
              {domain.lastCheckError}
              <Text size="xs" mt={4}>
                Checked {formatDateTime(domain.lastCheckedAt)}.
              </Text>
            </Alert>
          )}

          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Close
            </Button>
            {domain.status === 'VERIFIED' && (
              <Button
                variant={justChecked ? 'filled' : 'default'}
                onClick={() => {
                  close();
                  props.onClaim(domain.id);
                }}
              >
                Claim accounts
              </Button>
            )}
            <Button onClick={() => void check()} loading={fetching}>
              {method === 'DNS_TXT' ? 'Verify by DNS TXT record' : 'Verify by HTTPS file'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
