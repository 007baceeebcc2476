// A user's product access on one site: a role (No access, User, Admin) per installed
// product, changed with grantProductAccess / revokeProductAccess. Before a revocation that
// would also take away access granted by the same groups, it asks first; after one, it
// says what access remains. Access that is not in effect (suspended, not active yet,
// account deactivated) is marked as such.
import { Badge, Button, Group, List, Modal, Select, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { ProductKey } from '../../gql/graphql';
import { notifyError } from '../common/error-alert';
import { accessLabel, allProducts, productNames } from './labels';
import { accessChange, currentRole, revocationEffect, type Grant, type RevocationEffect, type RoleChoice } from './product-access';

export const ProductAccessEditor_MembershipFragment = graphql(`
  fragment ProductAccessEditor_Membership on Membership {
    id
    status
    account {
      id
      name
      email
      status
    }
    site {
      id
      name
      products
    }
    groups {
      id
      name
      productAccess {
        product
        role
      }
    }
    productAccess {
      product
      role
    }
    effectiveProductAccess {
      product
      role
    }
  }
`);

const GrantProductAccessMutation = graphql(`
  mutation GrantProductAccessMutation($siteId: ID!, $accountId: ID!, $product: ProductKey!, $role: ProductRole!) {
    grantProductAccess(siteId: $siteId, accountId: $accountId, product: $product, role: $role) {
      id
      productAccess {
        product
        role
      }
    }
  }
`);

const RevokeProductAccessMutation = graphql(`
  mutation RevokeProductAccessMutation($siteId: ID!, $accountId: ID!, $product: ProductKey!, $role: ProductRole!) {
    revokeProductAccess(siteId: $siteId, accountId: $accountId, product: $product, role: $role) {
      id
      productAccess {
        product
        role
      }
    }
  }
`);

const roleOptions: { value: RoleChoice; label: string }[] = [
  { value: 'NONE', label: 'No access' },
  { value: 'USER', label: 'User' },
  { value: 'ADMIN', label: 'Admin' },
];

export interface ProductAccessEditorProps {
  membership: FragmentType<typeof ProductAccessEditor_MembershipFragment>;
  /** Called after a change, so that the page reloads what depends on it. */
  onChanged: () => void;
}

interface PendingRevoke {
  product: ProductKey;
  role: 'USER' | 'ADMIN';
  effect: RevocationEffect;
}

export function ProductAccessEditor({ membership: ref, onChanged }: ProductAccessEditorProps) {
  const m = useFragment(ProductAccessEditor_MembershipFragment, ref);
  const [pending, setPending] = useState<PendingRevoke | null>(null);
  const [busy, setBusy] = useState<ProductKey | null>(null);
  const [, grant] = useMutation(GrantProductAccessMutation);
  const [, revoke] = useMutation(RevokeProductAccessMutation);
  const who = m.account.name || m.account.email;
  const site = m.site;

  // Installed products, plus any product a group grants that is not installed (still shown).
  const products = allProducts.filter(
    (p) => (site.products as ProductKey[]).includes(p) || m.productAccess.some((a) => a.product === p),
  );

  const notInEffectReason =
    m.account.status !== 'ACTIVE'
      ? 'the account is deactivated'
      : m.status === 'SUSPENDED'
        ? `${who} is suspended on ${site.name}`
        : m.status === 'INVITED'
          ? `${who} has not used ${site.name} yet (Invited)`
          : null;

  async function runRevoke(product: ProductKey, role: 'USER' | 'ADMIN') {
    setBusy(product);
    const result = await revoke({ siteId: site.id, accountId: m.account.id, product, role });
    setBusy(null);
    if (result.error) {
      notifyError(result.error);
      return;
    }
    const remaining = (result.data?.revokeProductAccess.productAccess ?? []) as Grant[];
    notifications.show({
      color: 'green',
      title: `${role === 'USER' ? productNames[product] : `${productNames[product]} admin`} access revoked on ${site.name}`,
      message:
        remaining.length > 0
          ? `${who} still has: ${remaining.map(accessLabel).join(', ')}.`
          : `${who} has no product access left on ${site.name}.`,
    });
    onChanged();
  }

  async function change(product: ProductKey, to: RoleChoice) {
    const from = currentRole(m.productAccess as Grant[], product);
    const step = accessChange(from, to);
    if (!step) return;
    if (step.kind === 'revoke') {
      const effect = revocationEffect(m.groups as PendingRevoke['effect']['groups'], product, step.role);
      if (effect.alsoLost.length > 0) {
        setPending({ product, role: step.role, effect });
        return;
      }
      await runRevoke(product, step.role);
      return;
    }
    setBusy(product);
    const result = await grant({ siteId: site.id, accountId: m.account.id, product, role: step.role });
    setBusy(null);
    if (result.error) {
      notifyError(result.error);
      return;
    }
    notifications.show({
      color: 'green',
      message: `${who} has ${step.role === 'ADMIN' ? 'admin' : 'user'} access to ${productNames[product]} on ${site.name}.`,
    });
    onChanged();
  }

  return (
    <Stack gap="xs">
      {products.length === 0 ? (
        <Text size="sm" c="dimmed">
          No products are installed on {site.name}.
        </Text>
      ) : (
        <Table withRowBorders={false} verticalSpacing={4} maw={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Product</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>In effect</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {products.map((product) => {
              const role = currentRole(m.productAccess as Grant[], product);
              const effective = currentRole(m.effectiveProductAccess as Grant[], product);
              return (
                <Table.Tr key={product}>
                  <Table.Td>
                    <Text size="sm">{productNames[product]}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`${productNames[product]} role on ${site.name}`}
                      size="xs"
                      w={140}
                      data={roleOptions}
                      value={role}
                      allowDeselect={false}
                      disabled={busy !== null}
                      onChange={(v) => v && void change(product, v as RoleChoice)}
                    />
                  </Table.Td>
                  <Table.Td>
                    {role === 'NONE' ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : effective === role ? (
                      <Badge color="green" variant="light" tt="none">
                        Yes
                      </Badge>
                    ) : (
                      <Badge color="gray" variant="outline" tt="none">
                        Not in effect
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {notInEffectReason && m.productAccess.length > 0 && (
        <Text size="sm" c="dimmed">
          This access is kept but not in effect: {notInEffectReason}.
        </Text>
      )}
      <Modal
        closeButtonProps={{ 'aria-label': 'Close' }}
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `Revoke ${pending.role === 'ADMIN' ? 'admin ' : ''}access to ${productNames[pending.product]}?` : ''}
      >
        {pending && (
          <Stack gap="md">
            <Text size="sm">
              Product access comes from groups. This takes {who} out of{' '}
              {pending.effect.groups.map((g) => g.name).join(', ')}, which also{' '}
              {pending.effect.groups.length === 1 ? 'grants' : 'grant'}:
            </Text>
            <List size="sm">
              {pending.effect.alsoLost.map((a) => (
                <List.Item key={`${a.product}/${a.role}`}>{accessLabel(a)}</List.Item>
              ))}
            </List>
            <Text size="sm">{who} will lose that access too. Grant it again afterwards if they still need it.</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPending(null)} data-autofocus>
                Cancel
              </Button>
              <Button
                color="red"
                onClick={() => {
                  const p = pending;
                  setPending(null);
                  void runRevoke(p.product, p.role);
                }}
              >
                Revoke
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
