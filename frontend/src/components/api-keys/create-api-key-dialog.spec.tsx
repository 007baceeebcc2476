import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { codeError, createTestClient } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { ApiKeysPage } from '../../pages/api-keys';
import { expiryTime } from './create-api-key-dialog';

const SECRET = 'odk_live_0123456789abcdef0123456789abcdef';

function key(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: `Key ${id}`,
    readOnly: true,
    createdAt: '2026-01-10T09:00:00Z',
    lastUsedAt: null,
    expiresAt: null,
    revokedAt: null,
    ...extra,
  };
}

function fixtures(keys: ReturnType<typeof key>[], created?: ReturnType<typeof key>) {
  return {
    ApiKeysQuery: () => ({ organization: ({ id }: { id: string }) => ({ id, name: 'Acme', apiKeys: keys }) }),
    CreateApiKeyMutation: {
      createApiKey: ({ input }: { input: { name: string; readOnly: boolean } }) => {
        const k = { ...(created ?? key('key_new')), name: input.name, readOnly: input.readOnly };
        keys.unshift(k);
        return { apiKey: k, secret: SECRET };
      },
    },
  };
}

describe('creating an API key', () => {
  it('shows the secret once, with a copy button and a warning, and never again after Done', async () => {
    const keys = [key('key_old', { lastUsedAt: '2026-02-01T12:00:00Z' })];
    const client = createTestClient(fixtures(keys));
    const user = userEvent.setup();
    renderWithProviders(<ApiKeysPage orgId="org_acme" />, { client });

    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'HR sync');
    expect(within(dialog).getByRole('radio', { name: /Read-only/ })).toBeChecked();
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'API key “HR sync” created' });
    expect(within(shown).getByRole('textbox', { name: 'API key' })).toHaveValue(SECRET);
    expect(within(shown).getByText('Copy the key now')).toBeInTheDocument();
    expect(within(shown).getByText(/only time orgdir shows it/)).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: 'Copy key' })).toBeInTheDocument();
    expect(client.calls.find((c) => c.name === 'CreateApiKeyMutation')?.variables).toEqual({
      organizationId: 'org_acme',
      input: { name: 'HR sync', readOnly: true, expiresAt: null },
    });

    await user.click(within(shown).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    // The list has the new key, never its secret.
    const table = await screen.findByRole('table', { name: 'API keys' });
    expect(await within(table).findByText('HR sync')).toBeInTheDocument();
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
    expect(document.body.textContent).not.toContain(SECRET);

    // Opening the dialog again starts a new key: the old secret is gone.
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const again = await screen.findByRole('dialog', { name: 'Create an API key' });
    expect(within(again).getByRole('textbox', { name: /Name/ })).toHaveValue('');
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('creates a read-write key expiring at the end of the chosen day', async () => {
    const client = createTestClient(fixtures([]));
    const user = userEvent.setup();
    renderWithProviders(<ApiKeysPage orgId="org_acme" />, { client });
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'Nightly');
    await user.click(within(dialog).getByRole('radio', { name: /Read and write/ }));
    await user.type(within(dialog).getByLabelText(/Expires after/), '2030-06-30');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    await screen.findByRole('dialog', { name: 'API key “Nightly” created' });
    expect(client.calls.find((c) => c.name === 'CreateApiKeyMutation')?.variables.input).toEqual({
      name: 'Nightly',
      readOnly: false,
      expiresAt: '2030-07-01T00:00:00Z',
    });
  });

  it('shows a refused name under the field and no secret', async () => {
    const client = createTestClient({
      ...fixtures([]),
      CreateApiKeyMutation: {
        createApiKey: () => {
          throw codeError('INVALID_INPUT', 'name is too long', 'input.name');
        },
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<ApiKeysPage orgId="org_acme" />, { client });
    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    await user.type(within(dialog).getByRole('textbox', { name: /Name/ }), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Name is too long.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'API key' })).not.toBeInTheDocument();
  });
});

describe('the API keys list', () => {
  it('shows last use, expiry and revocation, and offers Revoke only for keys not revoked', async () => {
    const keys = [
      key('key_1', { name: 'Active one', lastUsedAt: '2026-02-01T12:00:00Z', expiresAt: '2099-01-01T00:00:00Z' }),
      key('key_2', { name: 'Old one', revokedAt: '2026-01-20T08:00:00Z', readOnly: false }),
      key('key_3', { name: 'Expired one', expiresAt: '2020-01-01T00:00:00Z' }),
    ];
    renderWithProviders(<ApiKeysPage orgId="org_acme" />, { client: createTestClient(fixtures(keys)) });
    const table = await screen.findByRole('table', { name: 'API keys' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(within(rows[0]).getByText('1 Feb 2026, 12:00 UTC')).toBeInTheDocument();
    expect(within(rows[0]).getByText('1 Jan 2099')).toBeInTheDocument();
    expect(within(rows[0]).getByRole('button', { name: 'Revoke Active one' })).toBeInTheDocument();
    expect(within(rows[1]).getByText('Revoked 20 Jan 2026')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Read and write')).toBeInTheDocument();
    expect(within(rows[1]).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();
    expect(within(rows[2]).getByText('Expired')).toBeInTheDocument();
  });
});

describe('expiryTime', () => {
  it('is the end of the chosen day in UTC', () => {
    expect(expiryTime('2030-12-31')).toBe('2031-01-01T00:00:00Z');
    expect(expiryTime('nope')).toBeNull();
  });
});
