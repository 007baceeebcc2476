// Product access through groups (PRODUCT.md §1): what revoking a role takes away. Revoking
// USER removes every group of the site granting USER or ADMIN for the product; revoking
// ADMIN removes the groups granting ADMIN for it (USER remains through the default users
// group, unless only a removed group granted it).
import type { ProductKey, ProductRole } from '../../gql/graphql';

export interface Grant {
  product: ProductKey;
  role: ProductRole;
}

export interface GroupWithGrants {
  id: string;
  name: string;
  productAccess: readonly Grant[];
}

export type RoleChoice = ProductRole | 'NONE';

/** The role a member has for a product: ADMIN, USER or NONE. */
export function currentRole(access: readonly Grant[], product: ProductKey): RoleChoice {
  if (access.some((a) => a.product === product && a.role === 'ADMIN')) return 'ADMIN';
  if (access.some((a) => a.product === product && a.role === 'USER')) return 'USER';
  return 'NONE';
}

/** The mutation that moves a product from one role to another. */
export function accessChange(from: RoleChoice, to: RoleChoice): { kind: 'grant' | 'revoke'; role: ProductRole } | null {
  if (from === to) return null;
  if (to === 'NONE') return { kind: 'revoke', role: 'USER' };
  if (to === 'USER' && from === 'ADMIN') return { kind: 'revoke', role: 'ADMIN' };
  return { kind: 'grant', role: to };
}

function same(a: Grant, b: Grant) {
  return a.product === b.product && a.role === b.role;
}

export interface RevocationEffect {
  /** The member's groups the revocation takes them out of. */
  groups: GroupWithGrants[];
  /** Other access those groups grant that no remaining group grants: lost too. */
  alsoLost: Grant[];
}

/** What revoking `role` for `product` does to a member of `groups`. */
export function revocationEffect(groups: readonly GroupWithGrants[], product: ProductKey, role: ProductRole): RevocationEffect {
  const revokedRoles: ProductRole[] = role === 'USER' ? ['USER', 'ADMIN'] : ['ADMIN'];
  const isRevoked = (g: Grant) => g.product === product && revokedRoles.includes(g.role);
  const leaving = groups.filter((g) => g.productAccess.some(isRevoked));
  const staying = groups.filter((g) => !leaving.includes(g));
  const kept = staying.flatMap((g) => g.productAccess);
  const alsoLost: Grant[] = [];
  for (const g of leaving) {
    for (const a of g.productAccess) {
      if (isRevoked(a) || kept.some((k) => same(k, a)) || alsoLost.some((l) => same(l, a))) continue;
      alsoLost.push(a);
    }
  }
  return { groups: leaving, alsoLost };
}
