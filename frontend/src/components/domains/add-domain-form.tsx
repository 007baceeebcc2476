// Adds a domain to the organization (or issues a fresh token for one not verified yet);
// a refused name is shown under the field, other errors above the form.
import { Box, Button, Group, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import type { AddDomainMutationMutation } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';

const AddDomainMutation = graphql(`
  mutation AddDomainMutation($organizationId: ID!, $name: String!) {
    addDomain(organizationId: $organizationId, name: $name) {
      id
      name
      ...DomainsTable_Domain
      ...DomainVerification_Domain
    }
  }
`);

/** The added domain as addDomain answers it (with its fresh verification value). */
export type AddedDomain = AddDomainMutationMutation['addDomain'];

export interface AddDomainFormProps {
  organizationId: string;
  onAdded: (domain: AddedDomain) => void;
}

export function AddDomainForm({ organizationId, onAdded }: AddDomainFormProps) {
  const [name, setName] = useState('');
  const [{ fetching, error }, addDomain] = useMutation(AddDomainMutation);
  const info = error ? describeError(error) : null;
  // INVALID_INPUT on `name` and CONFLICT (verified by another organization) are about the name.
  const fieldError = info && (info.field === 'name' || info.code === 'CONFLICT') ? info.message : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    const result = await addDomain({ organizationId, name: trimmed });
    if (result.data) {
      setName('');
      onAdded(result.data.addDomain);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Add a domain">
      <Group align="flex-start" gap="sm">
        <TextInput
          label="Domain name"
          description="An email domain of your organization, for example example.com"
          placeholder="example.com"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError}
          w={360}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          required
          autoComplete="off"
        />
        <Button type="submit" mt={24} loading={fetching} leftSection={<IconPlus size={16} aria-hidden />}>
          Add domain
        </Button>
      </Group>
      {error && !fieldError && (
        <Box mt="sm">
          <ErrorAlert error={error} />
        </Box>
      )}
    </form>
  );
}
