import type { Area } from '../area.js';
import { RegistriesPage, RegistryPage, RepositoryPage } from './registry-pages.js';
import { EnvironmentPage, EnvironmentsPage } from './environment-pages.js';
import { ConnectionPage, ConnectionsPage } from './connection-pages.js';

export const registriesArea: Area = {
  nav: [
    { label: 'Container registries', href: '/registries', order: 60 },
    { label: 'Environments', href: '/environments', order: 65 },
    { label: 'Connections', href: '/connections', order: 66 },
  ],
  routes: [
    { path: '/registries', title: 'Container registries', render: () => <RegistriesPage /> },
    { path: '/registries/:group/:registry', title: 'Container registry', render: (p) => <RegistryPage group={p.group} registry={p.registry} /> },
    {
      path: '/registries/:group/:registry/*',
      title: 'Repository',
      render: (p) => <RepositoryPage group={p.group} registry={p.registry} repository={p['*']} />,
    },
    { path: '/environments', title: 'Environments', render: () => <EnvironmentsPage /> },
    {
      path: '/environments/:group/:workspace/:name',
      title: 'Environment',
      render: (p, q) => <EnvironmentPage group={p.group} workspace={p.workspace} name={p.name} version={q.get('version') ?? undefined} />,
    },
    { path: '/connections', title: 'Connections', render: () => <ConnectionsPage /> },
    { path: '/connections/:group/:workspace/:name', title: 'Connection', render: (p) => <ConnectionPage group={p.group} workspace={p.workspace} name={p.name} /> },
  ],
};
