// Invite users to a site (rule 4): a pasted list of emails, product access from the site's
// installed products with a role, and groups of the site. The list is checked here first
// (each entry an address, at most 100); the server checks it again as a whole and names
// the address it refuses in extensions.field ("emails[i]"), which is shown under the list.
import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { ProductKey, ProductRole } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';
import { emailIndex, maxInvites, parseEmailList } from './email-list';
import { productNames } from './labels';

export const InviteUsersDialog_SiteFragment = graphql(`
  fragment InviteUsersDialog_Site on Site {
    id
    name
    products
    groups {
      id
      name
    }
  }
`);

const InviteUsersMutation = graphql(`
  mutation InviteUsersMutation($siteId: ID!, $emails: [String!]!, $access: [ProductAccessInput!], $groupIds: [ID!]) {
    inviteUsers(siteId: $siteId, emails: $emails, access: $access, groupIds: $groupIds) {
      id
      status
      account {
        id
        email
      }
    }
  }
`);

export interface InvitedUsers {
  siteName: string;
  emails: string[];
}

export interface InviteUsersDialogProps {
  opened: boolean;
  onClose: () => void;
  /** The sites one can invite to: one (original experience) or the organization's (centralized). */
  sites: readonly FragmentType<typeof InviteUsersDialog_SiteFragment>[];
  onInvited: (result: InvitedUsers) => void;
}

type RoleChoice = ProductRole | 'NONE';

const roleOptions: { value: RoleChoice; label: string }[] = [
  { value: 'NONE', label: 'No access' },
  { value: 'USER', label: 'User' },
  { value: 'ADMIN', label: 'Admin' },
];

export function InviteUsersDialog(props: InviteUsersDialogProps) {
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Invite users" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {/* Mounted only while open, so that every opening starts from an empty form. */}
      {props.opened && <InviteUsersForm {...props} />}
    </Modal>
  );
}

function InviteUsersForm({ sites: siteRefs, onClose, onInvited }: InviteUsersDialogProps) {
  const sites = useFragment(InviteUsersDialog_SiteFragment, siteRefs);
  const [siteId, setSiteId] = useState<string | null>(sites.length === 1 ? sites[0].id : null);
  const [text, setText] = useState('');
  const [access, setAccess] = useState<Partial<Record<ProductKey, RoleChoice>>>({});
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [listError, setListError] = useState<string | null>(null);
  const [siteError, setSiteError] = useState<string | null>(null);
  const [otherError, setOtherError] = useState<unknown>(null);
  const [{ fetching }, invite] = useMutation(InviteUsersMutation);

  const site = sites.find((s) => s.id === siteId);
  const list = parseEmailList(text);

  function chooseSite(id: string | null) {
    setSiteId(id);
    setSiteError(null);
    // Products and groups differ between sites.
    setAccess({});
    setGroupIds([]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setOtherError(null);
    let problem: string | null = null;
    if (list.invalid.length > 0) {
      problem = `${list.invalid.length === 1 ? 'This is' : 'These are'} not an email address: ${list.invalid.join(', ')}. Correct or remove ${list.invalid.length === 1 ? 'it' : 'them'}.`;
    } else if (list.emails.length === 0) {
      problem = 'Enter at least one email address.';
    } else if (list.emails.length > maxInvites) {
      problem = `Invite at most ${maxInvites} people at a time (this list has ${list.emails.length}).`;
    }
    setListError(problem);
    setSiteError(site ? null : 'Choose the site to invite them to.');
    if (problem || !site) return;

    const grants = Object.entries(access)
      .filter(([product, role]) => role !== 'NONE' && site.products.includes(product as ProductKey))
      .map(([product, role]) => ({ product: product as ProductKey, role: role as ProductRole }));
    const result = await invite({
      siteId: site.id,
      emails: list.emails,
      access: grants.length > 0 ? grants : null,
      groupIds: groupIds.length > 0 ? groupIds : null,
    });
    if (result.error) {
      const info = describeError(result.error);
      const index = emailIndex(info.field);
      if (index !== undefined && (info.code === 'INVALID_INPUT' || info.code === 'CONFLICT')) {
        const email = list.emails[index];
        // The server's own words, as they are: they start with the address (not capitalized).
        const raw = result.error.graphQLErrors[0]?.message?.trim() || info.message;
        const message = /[.!?]$/.test(raw) ? raw : `${raw}.`;
        const advice =
          info.code === 'CONFLICT'
            ? 'Remove them from the list to invite the others; nobody was invited.'
            : 'Correct or remove it; nobody was invited.';
        // The server's message usually names the address already ("… is already a user of …").
        const named = !email || message.toLowerCase().includes(email.toLowerCase());
        setListError(`${named ? '' : `${email}: `}${message} ${advice}`);
      } else {
        setOtherError(result.error);
      }
      return;
    }
    onInvited({ siteName: site.name, emails: list.emails });
    onClose();
  }

  const count = list.emails.length;
  const summary =
    count === 0
      ? 'One address per line, or separated by commas, semicolons or spaces. "Name <address>" works too.'
      : `${count} ${count === 1 ? 'person' : 'people'} to invite${list.repeated > 0 ? ` (${list.repeated} repeated, counted once)` : ''}.`;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          Invited people join the site as Invited and become Active the first time they use it. Anyone can be invited:
          accounts your organization manages, external accounts, and new addresses (an account is created).
        </Text>
        {sites.length > 1 ? (
          <Select
            label="Site"
            placeholder="Choose a site"
            required
            data={sites.map((s) => ({ value: s.id, label: s.name }))}
            value={siteId}
            onChange={chooseSite}
            allowDeselect={false}
            error={siteError}
          />
        ) : (
          site && (
            <Text size="sm">
              Site: <strong>{site.name}</strong>
            </Text>
          )
        )}
        <Textarea
          label="Email addresses"
          description={summary}
          placeholder={'ada@example.org\nGrace Hopper <grace@example.org>'}
          required
          rows={5}
          resize="vertical"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setListError(null);
          }}
          error={listError}
          data-autofocus
        />
        {site && (
          <>
            {site.products.length > 0 ? (
              <div>
                <Text size="sm" fw={500}>
                  Product access on {site.name}
                </Text>
                <Text size="xs" c="dimmed" mb={6}>
                  Given through the product's default group. Admin includes User. You can change it later on each
                  person's page.
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  {site.products.map((product) => (
                    <Select
                      key={product}
                      label={productNames[product]}
                      data={roleOptions}
                      value={access[product] ?? 'NONE'}
                      onChange={(v) => setAccess((a) => ({ ...a, [product]: (v ?? 'NONE') as RoleChoice }))}
                      allowDeselect={false}
                    />
                  ))}
                </SimpleGrid>
              </div>
            ) : (
              <Text size="sm" c="dimmed">
                No products are installed on {site.name}.
              </Text>
            )}
            <MultiSelect
              label="Groups"
              description={`Groups of ${site.name} to add them to`}
              placeholder={groupIds.length === 0 ? 'No groups' : undefined}
              data={site.groups.map((g) => ({ value: g.id, label: g.name }))}
              value={groupIds}
              onChange={setGroupIds}
              searchable
              nothingFoundMessage="No group of this name"
              clearable
            />
          </>
        )}
        {otherError != null && <ErrorAlert error={otherError} title="Nobody was invited" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            {count > 1 ? `Invite ${count} people` : 'Invite'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
