// Creates an organization API key: a name, read-only or read-write, an optional expiry.
// The secret is shown once, with a copy button and a warning; closing the dialog forgets
// it (the server keeps only a hash), so it can never be shown again.
import { Alert, Button, Code, CopyButton, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';

const CreateApiKeyMutation = graphql(`
  mutation CreateApiKeyMutation($organizationId: ID!, $input: CreateApiKeyInput!) {
    createApiKey(organizationId: $organizationId, input: $input) {
      secret
      apiKey {
        id
        name
        readOnly
        ...ApiKeysTable_ApiKey
      }
    }
  }
`);

export interface CreateApiKeyDialogProps {
  organizationId: string;
  opened: boolean;
  onClose: () => void;
  onCreated?: () => void;
}

/** The end of a day (UTC) given as YYYY-MM-DD: a key "expiring on" a day works through that day. */
export function expiryTime(date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const t = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(t.getTime())) return null;
  return new Date(t.getTime() + 24 * 60 * 60 * 1000).toISOString().replace('.000Z', 'Z');
}

export function CreateApiKeyDialog({ organizationId, opened, onClose, onCreated }: CreateApiKeyDialogProps) {
  const [name, setName] = useState('');
  const [access, setAccess] = useState<'read' | 'write'>('read');
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [{ fetching, error }, create] = useMutation(CreateApiKeyMutation);
  const info = error ? describeError(error) : null;

  function close() {
    // The secret leaves memory with the dialog: it is never shown again.
    setCreated(null);
    setName('');
    setAccess('read');
    setExpires('');
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const expiresAt = expires ? expiryTime(expires) : null;
    const result = await create({
      organizationId,
      input: { name: name.trim(), readOnly: access === 'read', expiresAt },
    });
    if (result.data) {
      setCreated({ name: result.data.createApiKey.apiKey.name, secret: result.data.createApiKey.secret });
      onCreated?.();
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? `API key “${created.name}” created` : 'Create an API key'}
      size="lg"
      closeOnClickOutside={!created}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {created ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Copy the key now">
            This is the only time orgdir shows it: only a hash is kept. If it is lost, revoke the key and create another.
          </Alert>
          <TextInput
            label="API key"
            value={created.secret}
            readOnly
            onFocus={(e) => e.currentTarget.select()}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Text size="sm">
            Send it with every request to <Code>/query</Code> as the header <Code>Authorization: Bearer &lt;key&gt;</Code>.
          </Text>
          <Group justify="flex-end">
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button
                  variant="default"
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                >
                  {copied ? 'Copied' : 'Copy key'}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="md">
            <TextInput
              label="Name"
              description="What uses the key, for example “HR sync” or “Nightly report”."
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={info?.field?.endsWith('name') ? info.message : null}
              required
              data-autofocus
              maxLength={255}
            />
            <Radio.Group label="Access" value={access} onChange={(v) => setAccess(v as 'read' | 'write')}>
              <Stack gap="xs" mt={4}>
                <Radio value="read" label="Read-only" description="Can run queries; every mutation is refused." />
                <Radio value="write" label="Read and write" description="Can also change the directory, like an organization admin." />
              </Stack>
            </Radio.Group>
            <TextInput
              type="date"
              label="Expires after"
              description="The key works through this day (UTC). Leave empty for a key that does not expire."
              value={expires}
              onChange={(e) => setExpires(e.currentTarget.value)}
              error={info?.field?.endsWith('expiresAt') ? info.message : null}
              w={240}
            />
            {error && !info?.field && <ErrorAlert error={error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={fetching} disabled={!name.trim()}>
                Create key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
