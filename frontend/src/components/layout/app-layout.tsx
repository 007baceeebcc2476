// The frame around every signed-in page: header with the org and site switchers and the
// account menu, the navigation, and the page itself.
import { AppShell, Burger, Group, Menu, NavLink, ScrollArea, Select, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconApi, IconChevronDown, IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { navItems } from './nav-items';
import { resolveScope } from './scope';

export const AppLayout_ViewerFragment = graphql(`
  fragment AppLayout_Viewer on Viewer {
    account {
      id
      name
      email
    }
    organizations {
      id
      name
      userManagement
      sites {
        id
        name
      }
    }
    adminSites {
      id
      name
      organization {
        id
      }
    }
  }
`);

export interface AppLayoutProps {
  viewer: FragmentType<typeof AppLayout_ViewerFragment>;
  orgId?: string;
  siteId?: string;
  onSignOut: () => void;
  children: ReactNode;
}

export function AppLayout(props: AppLayoutProps) {
  const viewer = useFragment(AppLayout_ViewerFragment, props.viewer);
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const scope = resolveScope(viewer, { orgId: props.orgId, siteId: props.siteId });
  const items = navItems(scope);
  const who = viewer.account?.name || viewer.account?.email || 'API key';

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <AppShell.Header>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text component={Link} to="/" fw={700} size="lg" c="blue.8" style={{ textDecoration: 'none' }}>
              orgdir
            </Text>
            {viewer.organizations.length > 1 && (
              <Select
                aria-label="Organization"
                size="xs"
                w={200}
                allowDeselect={false}
                placeholder="Organization"
                data={viewer.organizations.map((o) => ({ value: o.id, label: o.name }))}
                value={scope.organization?.id ?? null}
                onChange={(id) => id && navigate(`/o/${id}/members`)}
              />
            )}
            {scope.switchableSites.length > 0 && (
              <Select
                aria-label="Site"
                size="xs"
                w={200}
                allowDeselect={false}
                placeholder="Choose a site"
                data={scope.switchableSites.map((s) => ({ value: s.id, label: s.name }))}
                value={scope.site?.id ?? null}
                onChange={(id) => id && navigate(`/s/${id}/users`)}
              />
            )}
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={`Account menu of ${who}`}>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm" truncate maw={220}>
                    {who}
                  </Text>
                  <IconChevronDown size={14} aria-hidden />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              {viewer.account && <Menu.Label>{viewer.account.email}</Menu.Label>}
              <Menu.Item component={Link} to="/graphiql" leftSection={<IconApi size={14} aria-hidden />}>
                API explorer (GraphiQL)
              </Menu.Item>
              <Menu.Item onClick={props.onSignOut} leftSection={<IconLogout size={14} aria-hidden />}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          {items.map((item) => (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              active={pathname === item.to || pathname.startsWith(`${item.to}/`)}
              onClick={closeNav}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <NavLink component={Link} to="/graphiql" label="API explorer" leftSection={<IconApi size={16} aria-hidden />} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        {props.children}
      </AppShell.Main>
    </AppShell>
  );
}
